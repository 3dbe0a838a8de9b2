import { describe, expect, it } from 'vitest'
import { chromeIntentUrl, whereToOpen } from './open-elsewhere'

const INVITE = 'https://tatap.example/#1JX5W0B7HZQ3KPD2MVT8R6YCN4AFGE9S'

/**
 * What Android does with an `intent:` URI (Intent.parseUri, "new format"): the intent part
 * starts at the last '#' and is `Intent;key=value;…;end`; before it, `intent:` is replaced by
 * `scheme:` to give the data address.
 */
function parseIntent(uri: string): { data: string; extras: Record<string, string> } {
  const at = uri.lastIndexOf('#')
  expect(uri.startsWith('#Intent;', at)).toBe(true)
  expect(uri.endsWith(';end')).toBe(true)
  const extras = Object.fromEntries(
    uri
      .slice(at + '#Intent;'.length, -';end'.length)
      .split(';')
      .map((pair) => pair.split('=', 2) as [string, string]),
  )
  expect(uri.startsWith('intent:')).toBe(true)
  return { data: `${extras.scheme}:${uri.slice('intent:'.length, at)}`, extras }
}

describe('chromeIntentUrl', () => {
  it('opens the same address, invite included, in Chrome; Chrome missing: the address itself', () => {
    const intent = chromeIntentUrl(INVITE)
    expect(intent).not.toBeNull()
    const { data, extras } = parseIntent(intent ?? '')
    expect(data).toBe(INVITE)
    expect(extras.package).toBe('com.android.chrome')
    expect(decodeURIComponent(extras['S.browser_fallback_url'] ?? '')).toBe(INVITE)
  })

  it('keeps a path and a query, and works without an invite', () => {
    const href = 'https://example.org/tatap/?lan#CODE'
    expect(parseIntent(chromeIntentUrl(href) ?? '').data).toBe(href)
    const start = 'http://192.168.1.20:8080/'
    expect(parseIntent(chromeIntentUrl(start) ?? '').data).toBe(start)
  })

  it('makes no intent of anything but http(s)', () => {
    expect(chromeIntentUrl('javascript:alert(1)')).toBeNull()
    expect(chromeIntentUrl('not a url')).toBeNull()
  })
})

describe('whereToOpen', () => {
  it('Android: Chrome, by an intent link; iOS: Safari, by copying; elsewhere: any browser', () => {
    expect(whereToOpen('android', INVITE)).toEqual({
      browser: 'Chrome',
      intent: chromeIntentUrl(INVITE),
    })
    expect(whereToOpen('ios', INVITE)).toEqual({ browser: 'Safari', intent: null })
    expect(whereToOpen('other', INVITE)).toEqual({ browser: null, intent: null })
  })
})
