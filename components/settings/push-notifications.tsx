"use client";
// "Notifications on this device": Web Push turned on or off for this browser (it asks the
// browser's permission only on a click), the account's other subscribed devices with a way
// to remove each, and whether notifications show message text.
import { useCallback, useEffect, useId, useState } from "react";
import { Switch } from "@/components/ui/switch";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { useApiAction, useApiResource } from "@/lib/client/react/use-api";
import {
  getPushSettings,
  listPushSubscriptions,
  type PushSubscriptionSummary,
  removePushSubscription,
  setPushSettings,
} from "@/lib/client/push/push-api";
import { devicePushState, disableDevicePush, type DevicePushState, enableDevicePush } from "@/lib/client/push/this-device";
import type { ProtocolError } from "@/lib/protocol/errors";
import type { PushSettings } from "@/lib/protocol/push";

const STATE_TEXT: Record<DevicePushState, string> = {
  unsupported: "This browser cannot receive push notifications.",
  denied: "Notifications are blocked for this site. Allow them in the browser's site settings, then come back.",
  off: "Get a notification for new messages and contact requests when no buddylist tab is open here.",
  on: "This device gets a notification when no buddylist tab of yours is on screen.",
};

function DeviceRow({ device, current, onRemoved }: { device: PushSubscriptionSummary; current: boolean; onRemoved: () => void }) {
  const remove = useApiAction(removePushSubscription);
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2.5" data-testid="push-device">
      <p className="min-w-0 flex-1 text-sm font-medium">
        {device.device}
        {current ? <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">(this device)</span> : null}
      </p>
      <Button
        variant="outline"
        size="sm"
        aria-label={`Stop notifications on ${device.device}`}
        disabled={remove.pending}
        onClick={async () => {
          if ((await remove.run(device.id)).ok) onRemoved();
        }}
      >
        Remove
      </Button>
      <FormError error={remove.error} className="w-full" />
    </li>
  );
}

type Props = { initialDevices: PushSubscriptionSummary[]; initialSettings: PushSettings };

/** The lists come rendered with the page (as the sessions do), so the card does not jump. */
export function PushNotifications({ initialDevices, initialSettings }: Props) {
  const id = useId();
  const devices = useApiResource(listPushSubscriptions, { subscriptions: initialDevices });
  const settings = useApiResource(getPushSettings, initialSettings);
  const saveSettings = useApiAction(setPushSettings);
  const [showText, setShowText] = useState<boolean | null>(null);
  const [device, setDevice] = useState<{ state: DevicePushState; endpoint: string | null } | null>(null);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);

  const refreshDevice = useCallback(() => void devicePushState().then(setDevice), []);
  useEffect(refreshDevice, [refreshDevice]);

  const toggle = async () => {
    setWorking(true);
    setError(null);
    const ack = device?.state === "on" ? await disableDevicePush() : await enableDevicePush();
    if (!ack.ok) setError(ack.error);
    setWorking(false);
    refreshDevice();
    devices.reload();
  };

  const onRemoved = () => {
    devices.reload();
    refreshDevice();
  };

  const state = device?.state ?? "off";
  return (
    <Card aria-labelledby={`${id}-title`} className="grid gap-4" data-testid="push-notifications">
      <div>
        <h2 id={`${id}-title`} className="text-base font-semibold">
          Notifications on this device
        </h2>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400" aria-live="polite">
          {device ? STATE_TEXT[state] : "Checking this browser…"}
        </p>
      </div>
      {state === "unsupported" || state === "denied" ? null : (
        <div>
          <Button variant={state === "on" ? "outline" : "default"} disabled={!device || working} onClick={() => void toggle()}>
            {state === "on" ? "Turn off on this device" : "Turn on notifications"}
          </Button>
        </div>
      )}
      <FormError error={error} />
      <Switch
        label="Show message text in notifications"
        hint='When off, a notification says only "New message from alice". Message requests never show their text.'
        checked={showText ?? settings.data.showText}
        disabled={saveSettings.pending || settings.loading}
        onChange={async (next) => {
          setShowText(next);
          await saveSettings.run({ showText: next });
          settings.reload();
          setShowText(null);
        }}
      />
      <FormError error={saveSettings.error ?? settings.error} />
      <div>
        <h3 className="text-sm font-medium">Devices with notifications</h3>
        {devices.data.subscriptions.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">None yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {devices.data.subscriptions.map((entry) => (
              <DeviceRow key={entry.id} device={entry} current={entry.endpoint === device?.endpoint} onRemoved={onRemoved} />
            ))}
          </ul>
        )}
        <FormError error={devices.error} />
      </div>
    </Card>
  );
}
