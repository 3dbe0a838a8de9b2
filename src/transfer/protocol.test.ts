import { describe, expect, it } from 'vitest'
import {
  encodeFrame,
  FILE_ACK_STEP,
  FILE_CHUNK,
  FILE_HIGH_WATER,
  FILE_LOW_WATER,
  FILE_MAX_CHUNK,
  FILE_WINDOW,
  fileIdFromLabel,
  fileLabel,
  parseChatFrame,
  parseFileFrame,
} from './protocol'

const H = 'ab'.repeat(32)

describe('protocol constants', () => {
  it('keep the flow-control invariants', () => {
    expect(FILE_CHUNK).toBeLessThanOrEqual(FILE_MAX_CHUNK)
    expect(FILE_MAX_CHUNK).toBeLessThanOrEqual(256 * 1024)
    expect(FILE_LOW_WATER + FILE_CHUNK).toBeLessThanOrEqual(FILE_HIGH_WATER)
    expect(FILE_ACK_STEP).toBeLessThanOrEqual(FILE_WINDOW - FILE_MAX_CHUNK)
  })
})

describe('file frames (golden)', () => {
  it.each([
    [
      '{"t":"offer","id":"k3","name":"a.png","size":12,"mime":"image/png"}',
      { t: 'offer', id: 'k3', name: 'a.png', size: 12, mime: 'image/png' },
    ],
    [
      '{"t":"offer","id":"k3","name":"a","size":0}',
      { t: 'offer', id: 'k3', name: 'a', size: 0, mime: '' },
    ],
    ['{"t":"accept"}', { t: 'accept' }],
    ['{"t":"decline","extra":1}', { t: 'decline' }],
    ['{"t":"ack","n":1048576}', { t: 'ack', n: 1048576 }],
    [`{"t":"done","sha256":"${H}"}`, { t: 'done', sha256: H }],
    ['{"t":"verified"}', { t: 'verified' }],
    ['{"t":"mismatch"}', { t: 'mismatch' }],
    ['{"t":"cancel"}', { t: 'cancel' }],
    ['{"t":"fail","reason":"write-error"}', { t: 'fail', reason: 'write-error' }],
    ['{"t":"fail","reason":"martians"}', { t: 'fail', reason: 'protocol' }],
    ['{"t":"fail","reason":"connection-lost"}', { t: 'fail', reason: 'protocol' }],
  ])('parses %s', (text, frame) => {
    expect(parseFileFrame(text)).toEqual(frame)
  })

  it.each([
    'nope',
    '"offer"',
    '{"t":"offer","id":"k3","name":"a","size":1.5,"mime":""}',
    '{"t":"offer","id":"k3","name":"a","size":9007199254740992,"mime":""}',
    '{"t":"offer","id":"has space","name":"a","size":1,"mime":""}',
    '{"t":"offer","id":"k3","size":1}',
    '{"t":"ack","n":-1}',
    '{"t":"done","sha256":"ABAB"}',
    `{"t":"done","sha256":"${H.toUpperCase()}"}`,
    '{"t":"hello"}',
  ])('rejects %s', (text) => {
    expect(parseFileFrame(text)).toBeNull()
  })

  it('round-trips through encodeFrame', () => {
    const f = { t: 'offer', id: 'x', name: 'n', size: 3, mime: 'm' } as const
    expect(parseFileFrame(encodeFrame(f))).toEqual(f)
    expect(encodeFrame({ t: 'ack', id: 'q' })).toBe('{"t":"ack","id":"q"}')
  })

  it('maps labels to ids', () => {
    expect(fileLabel('abc')).toBe('file:abc')
    expect(fileIdFromLabel('file:abc')).toBe('abc')
    expect(fileIdFromLabel('file:')).toBeNull()
    expect(fileIdFromLabel('file:a/b')).toBeNull()
    expect(fileIdFromLabel('chat')).toBeNull()
  })
})

describe('chat frames', () => {
  it('parses msg and ack, cutting long authors', () => {
    expect(
      parseChatFrame('{"t":"msg","id":"m1","author":"Ana","text":"hi","sentAt":1700000000000}'),
    ).toEqual({
      t: 'msg',
      id: 'm1',
      author: 'Ana',
      text: 'hi',
      sentAt: 1700000000000,
    })
    expect(parseChatFrame('{"t":"ack","id":"m1"}')).toEqual({ t: 'ack', id: 'm1' })
    expect(parseChatFrame(`{"t":"ack","id":"${'x'.repeat(65)}"}`)).toBeNull()
    expect(parseChatFrame(new ArrayBuffer(3))).toBeNull()
    expect(parseChatFrame(`"${'x'.repeat(70_000)}"`)).toBeNull()
  })
})
