import { createMemo, For, Show } from 'solid-js'
import { language, t } from '../i18n'
import { SAS_SYMBOLS } from '../i18n/sas-symbols'
import { pathText } from './ConnectionInfo'
import type { CallMember, CallStore } from './call-store'
import { Icon } from './icons'
import { sameKeys } from './same-keys'

/** This device's row among the members' ids (no member id has a space in it). */
const SELF_ROW = ' self'

/** Everyone in the call: microphone and camera, how the connection goes, a file to each. */
export function PeoplePanel(props: {
  store: CallStore
  name: string
  onClose: () => void
  sendFileTo: (member: CallMember) => void
}) {
  const { store } = props
  const pathOf = (member: CallMember) => {
    if (member.status === 'connecting') return t.connectingTo(member.name)
    if (member.status === 'unreachable') return t.unreachableShort
    if (member.status === 'interrupted') return t.interrupted
    const path = store.stats().get(member.id)?.path
    return path ? pathText(path) : t.connected
  }
  const gestures = () => store.gestures()
  /** Raised hands first, in the order they went up; then you, then the others as they joined. */
  const rows = createMemo(
    () => {
      const raised = (gestures()?.hands() ?? []).map((id) =>
        id === gestures()?.selfId ? SELF_ROW : id,
      )
      const all = [SELF_ROW, ...store.memberIds()]
      return [
        ...raised.filter((id) => all.includes(id)),
        ...all.filter((id) => !raised.includes(id)),
      ]
    },
    [],
    { equals: sameKeys },
  )
  const hand = (id: string, name: string) => (
    <Show when={gestures()?.handUp(id)}>
      <span class="person-hand" role="img" aria-label={t.handRaised(name)}>
        ✋
      </span>
    </Show>
  )
  return (
    <aside class="side-panel" aria-label={t.people}>
      <header>
        <h2>{t.people}</h2>
        <button type="button" class="link" onClick={() => props.onClose()}>
          {t.closePeople}
        </button>
      </header>
      <ul class="people">
        <For each={rows()}>
          {(id) =>
            id === SELF_ROW ? (
              <li class="person">
                <span class="person-name">
                  {hand(gestures()?.selfId ?? '', props.name || t.you)}
                  {props.name || t.you} <span class="muted">({t.you})</span>
                </span>
                <States mic={store.local.micOn()} cam={store.local.camOn()} />
              </li>
            ) : (
              <Show when={store.member(id)}>
                {(member) => (
                  <li class="person">
                    <span class="person-name">
                      {hand(id, member().name)}
                      {member().name}
                    </span>
                    <States mic={member().media.mic} cam={member().media.cam} />
                    <span class="person-path">{pathOf(member())}</span>
                    <Show when={member().verification}>
                      {(symbols) => <Verification name={member().name} symbols={symbols()} />}
                    </Show>
                    <Show
                      when={member().status === 'connected' || member().status === 'interrupted'}
                    >
                      <button
                        type="button"
                        class="secondary small"
                        aria-label={t.sendFileTo(member().name)}
                        onClick={() => props.sendFileTo(member())}
                      >
                        <Icon name="file" /> {t.sendFile}
                      </button>
                    </Show>
                  </li>
                )}
              </Show>
            )
          }
        </For>
      </ul>
    </aside>
  )
}

/** The verification symbols of one connection, with their names and what to do with them. */
function Verification(props: { name: string; symbols: readonly number[] }) {
  const named = () => props.symbols.map((i) => SAS_SYMBOLS[i]).filter((s) => s !== undefined)
  return (
    <details class="verification">
      <summary>{t.verifyWith(props.name)}</summary>
      <p
        class="sas"
        role="img"
        aria-label={named()
          .map((s) => s[language()])
          .join(', ')}
      >
        <For each={named()}>
          {(symbol) => (
            <span class="sas-symbol">
              <span class="sas-emoji" aria-hidden="true">
                {symbol.emoji}
              </span>
              <span class="sas-name" aria-hidden="true">
                {symbol[language()]}
              </span>
            </span>
          )}
        </For>
      </p>
      <p class="hint left">{t.verifyHint}</p>
    </details>
  )
}

function States(props: { mic: boolean; cam: boolean }) {
  return (
    <span class="person-states">
      <span role="img" aria-label={props.mic ? t.micOnLabel : t.micOffLabel}>
        <Icon name={props.mic ? 'mic' : 'micOff'} />
      </span>
      <span role="img" aria-label={props.cam ? t.camOnLabel : t.camOffLabel}>
        <Icon name={props.cam ? 'cam' : 'camOff'} />
      </span>
    </span>
  )
}
