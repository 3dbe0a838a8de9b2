import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { LineInput } from './input'

const tick = () => new Promise((resolve) => setTimeout(resolve, 10))

describe('LineInput', () => {
  it('prompts take lines first, then the handler; lines typed early are kept', async () => {
    const stream = new PassThrough()
    const input = new LineInput(stream)
    stream.write('early\n')
    await tick()
    expect(await input.next()).toBe('early')
    const answer = input.next()
    stream.write('y\nchat 1\n')
    expect(await answer).toBe('y')
    await tick()
    const seen: string[] = []
    input.onLine((line) => seen.push(line))
    stream.write('chat 2\r\n')
    await tick()
    expect(seen).toEqual(['chat 1', 'chat 2'])
  })

  it('end of input answers pending prompts with null and calls onEnd', async () => {
    const stream = new PassThrough()
    const input = new LineInput(stream)
    const pending = input.next()
    let ended = 0
    input.onEnd(() => ended++)
    stream.end()
    expect(await pending).toBeNull()
    expect(await input.next()).toBeNull()
    expect(ended).toBe(1)
  })
})
