import { describe, expect, it } from 'vitest'
import { DEFAULT_APP_URL, DEFAULT_NAME, parseArgs } from './args'

const ok = (argv: string[]) => {
  const result = parseArgs(argv)
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`)
  return result.args
}
const error = (argv: string[]) => {
  const result = parseArgs(argv)
  if (result.ok || result.help) throw new Error(`expected an error, got ${JSON.stringify(result)}`)
  return result.error
}

describe('parseArgs', () => {
  it('defaults: guest, asks for the invite, LAN only, current directory', () => {
    expect(ok(['receive'])).toEqual({
      command: 'receive',
      files: [],
      host: false,
      invite: null,
      name: DEFAULT_NAME,
      app: DEFAULT_APP_URL,
      stun: [],
      dir: '.',
      ask: false,
      verbose: false,
    })
  })

  it('send takes files; options may come before, between and after them', () => {
    const args = ok([
      '--name',
      'Ana',
      'send',
      'a.bin',
      '--host',
      'b c.txt',
      '--app=https://x.test/',
    ])
    expect(args.command).toBe('send')
    expect(args.files).toEqual(['a.bin', 'b c.txt'])
    expect(args.name).toBe('Ana')
    expect(args.host).toBe(true)
    expect(args.app).toBe('https://x.test/')
  })

  it('"--" ends the options, so a file may start with a dash', () => {
    expect(ok(['send', '--', '--weird.txt', '-']).files).toEqual(['--weird.txt', '-'])
  })

  it('takes an invite link, repeated --stun, --dir, --ask, --verbose', () => {
    const args = ok([
      'chat',
      '--invite',
      'https://tatap.example/#ABC',
      '--stun',
      'stun:a.example:3478',
      '--stun=stun:b.example',
      '--dir',
      '/tmp',
      '--ask',
      '--verbose',
    ])
    expect(args.invite).toBe('https://tatap.example/#ABC')
    expect(args.stun).toEqual(['stun:a.example:3478', 'stun:b.example'])
    expect(args).toMatchObject({ command: 'chat', dir: '/tmp', ask: true, verbose: true })
  })

  it('help wins over everything else', () => {
    expect(parseArgs(['send', '--bogus', '-h'])).toEqual({ ok: false, help: true })
    expect(parseArgs(['--help'])).toEqual({ ok: false, help: true })
  })

  it('refuses what it cannot use, with a reason', () => {
    expect(error([])).toMatch(/receive, send/)
    expect(error(['fly'])).toMatch(/unknown command fly/)
    expect(error(['send'])).toMatch(/at least one FILE/)
    expect(error(['receive', 'x.bin'])).toMatch(/takes no FILE/)
    expect(error(['receive', '--bogus'])).toMatch(/unknown option --bogus/)
    expect(error(['receive', '--name'])).toMatch(/--name needs a value/)
    expect(error(['receive', '--name', '  '])).toMatch(/must not be empty/)
    expect(error(['receive', '--host=yes'])).toMatch(/takes no value/)
    expect(error(['receive', '--app', 'tatap.example'])).toMatch(/http\(s\)/)
    expect(error(['receive', '--stun', 'turn:x.example'])).toMatch(/stun: URL/)
    expect(error(['receive', '--host', '--invite', 'X'])).toMatch(/exclude each other/)
  })
})
