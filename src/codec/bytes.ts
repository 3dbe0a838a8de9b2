import { fail } from './errors'

/** Appends bytes to a growable buffer. Values are masked to their width; callers range-check. */
export class ByteWriter {
  private buffer = new Uint8Array(128)
  private length = 0

  u8(value: number): void {
    this.reserve(1)
    this.buffer[this.length++] = value & 0xff
  }

  u16(value: number): void {
    this.u8(value >>> 8)
    this.u8(value)
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length)
    this.buffer.set(data, this.length)
    this.length += data.length
  }

  get size(): number {
    return this.length
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length)
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra))
    grown.set(this.buffer.subarray(0, this.length))
    this.buffer = grown
  }
}

/** Reads a byte range front to back; reading past the end throws CodecError 'truncated'. */
export class ByteReader {
  private offset = 0

  constructor(private readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length - this.offset
  }

  u8(): number {
    this.need(1)
    return this.data[this.offset++] as number
  }

  u16(): number {
    return (this.u8() << 8) | this.u8()
  }

  bytes(count: number): Uint8Array {
    this.need(count)
    const out = this.data.subarray(this.offset, this.offset + count)
    this.offset += count
    return out
  }

  private need(count: number): void {
    if (this.offset + count > this.data.length) fail('truncated', 'the code ends too early')
  }
}
