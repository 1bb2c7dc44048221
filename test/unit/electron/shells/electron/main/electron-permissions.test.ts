import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from '../../../../../../electron/shells/electron/main/permissions.ts';

describe('permission policy (Electron mocked: no binary here)', () => {
  it('allows the camera for our own page', () => {
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'] })).toBe(true);
    // Permission checks carry an origin and no media types.
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'app://kiosk' })).toBe(true);
  });

  it('refuses the microphone, even for our own page', () => {
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'app://kiosk/', mediaTypes: ['audio'] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'app://kiosk/', mediaTypes: ['video', 'audio'] })).toBe(false);
  });

  it('refuses media for any other origin', () => {
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: '', mediaTypes: ['video'] })).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'serial', 'hid', 'usb', 'display-capture', 'fullscreen'])(
    'refuses %s',
    (permission) => {
      expect(isPermissionAllowed({ permission, requestingUrl: 'app://kiosk/index.html' })).toBe(false);
    },
  );
});
