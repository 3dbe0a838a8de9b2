import { For, Show } from 'solid-js'
import { t } from '../i18n'
import type { CallStore } from './call-store'
import { LanguageSwitch } from './LanguageSwitch'
import { SwitchButton } from './SwitchButton'

/** Camera, microphone and (where the browser can route audio) speaker for this call. */
export function DeviceSettings(props: { store: CallStore; onClose: () => void }) {
  const { store } = props
  void store.local.refreshDevices()
  const of = (kind: MediaDeviceKind) => store.local.devices().filter((d) => d.kind === kind)
  const canPickSpeaker =
    typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype
  return (
    <aside class="side-panel" aria-label={t.devices}>
      <header>
        <h2>{t.devices}</h2>
        <button type="button" class="link" onClick={() => props.onClose()}>
          {t.closeSettings}
        </button>
      </header>
      <div class="device-list">
        <LanguageSwitch />
        <DeviceSelect
          label={t.camera}
          devices={of('videoinput')}
          current={store.local.currentCameraId()}
          onPick={(id) => void store.local.chooseCamera(id)}
        />
        <DeviceSelect
          label={t.microphone}
          devices={of('audioinput')}
          current={store.local.currentMicrophoneId()}
          onPick={(id) => void store.local.chooseMicrophone(id)}
        />
        <Show when={canPickSpeaker}>
          <DeviceSelect
            label={t.speaker}
            devices={of('audiooutput')}
            current={store.local.speakerId()}
            onPick={(id) => store.local.chooseSpeaker(id)}
          />
        </Show>
        <div class="noise-switch">
          <SwitchButton
            checked={store.local.noiseSuppression()}
            describedBy="noise-hint"
            disabled={!store.local.canSuppressNoise()}
            onToggle={() => void store.local.setNoiseSuppression(!store.local.noiseSuppression())}
          >
            {t.noiseSuppression}
          </SwitchButton>
          <p class="hint" id="noise-hint">
            {store.local.canSuppressNoise()
              ? t.noiseSuppressionHint
              : t.noiseSuppressionUnsupported}
          </p>
        </div>
      </div>
    </aside>
  )
}

function DeviceSelect(props: {
  label: string
  devices: MediaDeviceInfo[]
  current: string | null
  onPick: (deviceId: string) => void
}) {
  return (
    <Show when={props.devices.length > 0}>
      <label class="field">
        <span>{props.label}</span>
        <select onChange={(e) => props.onPick(e.currentTarget.value)}>
          <For each={props.devices}>
            {(device, index) => (
              <option value={device.deviceId} selected={device.deviceId === props.current}>
                {device.label || `${props.label} ${index() + 1}`}
              </option>
            )}
          </For>
        </select>
      </label>
    </Show>
  )
}
