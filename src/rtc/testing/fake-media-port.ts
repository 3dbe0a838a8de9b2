/**
 * A fake peer connection that also sends media, for Node tests of MediaSession: `addTrack`
 * makes an addTrack transceiver (one more change to negotiate) and a sender whose
 * `replaceTrack` is logged and, as in a browser, changes `sender.track` only when it resolves;
 * `getParameters` calls are counted.
 */
import { FakePeerPort } from './fake-port'

/** A stand-in for a MediaStreamTrack: what the session compares is identity. */
export function fakeTrack(kind: 'audio' | 'video', id: string): MediaStreamTrack {
  return { kind, id } as unknown as MediaStreamTrack
}

export class FakeSender {
  parameters: { encodings: Array<Record<string, unknown>> } = { encodings: [{}] }

  constructor(
    public track: MediaStreamTrack | null,
    private readonly log: string[],
  ) {}

  async replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.log.push(`replaceTrack ${track?.id ?? 'null'}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
    this.track = track
  }

  /** How often getParameters was called (in Chromium it blocks the page). */
  parameterReads = 0

  getParameters() {
    this.parameterReads++
    return structuredClone(this.parameters)
  }

  async setParameters(parameters: FakeSender['parameters']): Promise<void> {
    this.parameters = structuredClone(parameters)
  }
}

export class FakeMediaPort extends FakePeerPort {
  /** What was asked of the senders, in order: `addTrack ID` and `replaceTrack ID|null`. */
  readonly senderLog: string[] = []
  readonly senders: FakeSender[] = []

  addTrack(track: MediaStreamTrack, _stream: MediaStream): FakeSender {
    this.senderLog.push(`addTrack ${track.id}`)
    this.addTransceiver(track.kind as 'audio' | 'video', { direction: 'sendrecv' })
    const sender = new FakeSender(track, this.senderLog)
    this.senders.push(sender)
    return sender
  }
}
