import { describe, expect, it } from 'vitest'
import { filesToOffer } from './paste-files'
import {
  ariaShortcut,
  installShortcuts,
  isMacLike,
  type KeyLike,
  type Shortcut,
  type ShortcutAction,
  shortcutOf,
  shortcutText,
} from './shortcuts'
import { isTextField } from './text-field'

const body = { tagName: 'BODY' }
const chatBox = { tagName: 'INPUT', type: 'text' }

function key(init: Partial<KeyLike> & { key: string }): KeyLike {
  return {
    code: `Key${init.key.toUpperCase()}`,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    repeat: false,
    isComposing: false,
    target: body,
    ...init,
  }
}

const actionOf = (event: KeyLike, mac = false) => shortcutOf(event, mac)?.action ?? null

describe('call shortcuts (as Google Meet)', () => {
  it('Ctrl+D is the microphone and Ctrl+E the camera; ⌘ on a Mac', () => {
    expect(actionOf(key({ key: 'd', ctrlKey: true }))).toBe('toggleMic')
    expect(actionOf(key({ key: 'e', ctrlKey: true }))).toBe('toggleCam')
    expect(actionOf(key({ key: 'd', metaKey: true }), true)).toBe('toggleMic')
    expect(actionOf(key({ key: 'E', metaKey: true }), true)).toBe('toggleCam')
    // Caps Lock on: still the shortcut.
    expect(actionOf(key({ key: 'D', ctrlKey: true }))).toBe('toggleMic')
  })

  it('works from the chat box too, since the modifier is not typing', () => {
    expect(actionOf(key({ key: 'd', ctrlKey: true, target: chatBox }))).toBe('toggleMic')
  })

  it('leaves other combinations to the browser and the text field', () => {
    expect(actionOf(key({ key: 'd' }))).toBeNull()
    expect(actionOf(key({ key: 'd', ctrlKey: true, shiftKey: true }))).toBeNull()
    expect(actionOf(key({ key: 'd', ctrlKey: true, altKey: true }))).toBeNull()
    expect(actionOf(key({ key: 'f', ctrlKey: true }))).toBeNull()
    // On a Mac, Ctrl+D in a text field deletes forward: only ⌘ counts there.
    expect(actionOf(key({ key: 'd', ctrlKey: true }), true)).toBeNull()
    expect(actionOf(key({ key: 'd', metaKey: true }), false)).toBeNull()
    expect(actionOf(key({ key: 'd', ctrlKey: true, isComposing: true }))).toBeNull()
  })

  it('follows the physical key on a non-Latin layout', () => {
    expect(actionOf(key({ key: 'в', code: 'KeyD', ctrlKey: true }))).toBe('toggleMic')
  })

  it('a plain-key shortcut is never taken from a text field', () => {
    const table: Shortcut[] = [{ action: 'toggleMic', key: 'm', mod: false }]
    expect(shortcutOf(key({ key: 'm' }), false, table)?.action).toBe('toggleMic')
    expect(shortcutOf(key({ key: 'm', target: chatBox }), false, table)).toBeNull()
    expect(shortcutOf(key({ key: 'm', ctrlKey: true }), false, table)).toBeNull()
  })

  it('is written Ctrl+D or ⌘D for people and Control+D or Meta+D for aria-keyshortcuts', () => {
    expect(shortcutText('toggleMic', false)).toBe('Ctrl+D')
    expect(shortcutText('toggleCam', true)).toBe('⌘E')
    expect(ariaShortcut('toggleCam', false)).toBe('Control+E')
    expect(ariaShortcut('toggleMic', true)).toBe('Meta+D')
    expect(isMacLike('macOS')).toBe(true)
    expect(isMacLike('MacIntel')).toBe(true)
    expect(isMacLike('Linux x86_64')).toBe(false)
    expect(isMacLike('Windows')).toBe(false)
  })

  it('prevents the browser’s default and does not toggle again while the key is held', () => {
    const target = new EventTarget()
    const ran: ShortcutAction[] = []
    const stop = installShortcuts(target, false, (action) => ran.push(action))
    const press = (init: Partial<KeyLike> & { key: string }) => {
      // `target` is the event's own (set by dispatch); the rest is the key's.
      const { target: _, ...keyFields } = key(init)
      const event = Object.assign(new Event('keydown', { cancelable: true }), keyFields)
      target.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(press({ key: 'd', ctrlKey: true })).toBe(true)
    expect(press({ key: 'd', ctrlKey: true, repeat: true })).toBe(true)
    expect(press({ key: 'x', ctrlKey: true })).toBe(false)
    expect(ran).toEqual(['toggleMic'])
    stop()
    press({ key: 'e', ctrlKey: true })
    expect(ran).toEqual(['toggleMic'])
  })
})

describe('pasting files into a call', () => {
  const file = (name: string) => new File(['x'], name)
  const clip = (types: string[], files: File[]) => ({ types, files })

  it('offers pasted files from anywhere in the call and from the chat box', () => {
    const shot = file('screenshot.png')
    expect(filesToOffer(clip(['Files'], [shot]), body)).toEqual([shot])
    expect(filesToOffer(clip(['Files'], [shot]), chatBox)).toEqual([shot])
    // Finder puts the file's name beside it as text.
    expect(filesToOffer(clip(['text/plain', 'Files'], [shot]), chatBox)).toEqual([shot])
  })

  it('leaves a text paste alone, and rich text with a rendered picture in the chat box', () => {
    expect(filesToOffer(clip(['text/plain'], []), chatBox)).toEqual([])
    expect(filesToOffer(null, chatBox)).toEqual([])
    const cells = clip(['text/plain', 'text/html', 'Files'], [file('image.png')])
    expect(filesToOffer(cells, chatBox)).toEqual([])
    expect(filesToOffer(cells, body)).toHaveLength(1)
  })

  it('knows a text field from other elements', () => {
    expect(isTextField(chatBox)).toBe(true)
    expect(isTextField({ tagName: 'INPUT' })).toBe(true)
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true)
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true)
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' })).toBe(false)
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false)
    expect(isTextField(null)).toBe(false)
  })
})
