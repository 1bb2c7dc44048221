/**
 * Config sections for maintenance and fleet: pinned bundle-signing keys, the MQTT agent, staff
 * entry and the watchdog. Every field has a default, so configs written before these sections
 * existed stay valid.
 */
import { z } from 'zod';
import { brokerUrlAllowed } from './url-rules.ts';

/** An Ed25519 public key as the 32 raw bytes in base64url (the JWK `x` value): 43 characters. */
export const ED25519_PUBLIC_KEY = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** MQTT topic levels: no wildcards, no empty levels, no leading/trailing slash. */
const TOPIC_PREFIX = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

export const CORNERS = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const;
export type Corner = (typeof CORNERS)[number];

export const publicKeysSchema = z
  .array(
    z
      .object({
        id: z.string().regex(KEY_ID, 'letters, digits, ".", "_" or "-", at most 64'),
        key: z.string().regex(ED25519_PUBLIC_KEY, 'must be an Ed25519 public key in base64url (43 characters)'),
      })
      .strict(),
  )
  .max(16)
  .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, 'must not list a key id twice')
  .default([]);

export const fleetSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** e.g. 'mqtts://fleet.example.org:8883'; '' while not configured. */
    brokerUrl: z
      .string()
      .regex(/^(?:mqtts?|wss?):\/\/[^\s/]+(?:\/\S*)?$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
      .refine(brokerUrlAllowed, {
        message: 'must be mqtts:// or wss:// (mqtt:// and ws:// only to 127.0.0.1, ::1 or localhost)',
        when: (payload) => payload.issues.length === 0,
      })
      .or(z.literal(''))
      .default(''),
    topicPrefix: z.string().regex(TOPIC_PREFIX, "must look like 'bianmin/v1' (no wildcards)").default('bianmin/v1'),
    heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
    username: z.string().max(128).default(''),
    /** Groups this terminal belongs to: signed commands aimed at one of them run here (the group `*`, every terminal, always matches). */
    groups: z
      .array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64'))
      .max(32)
      .refine((groups) => new Set(groups).size === groups.length, 'must not list a group twice')
      .default([]),
    // The password and a private CA come from fixed files in the credentials folder
    // (credentials.ts), never from a path here: a path in the config could name any file.
  })
  .strict()
  .refine((f) => !f.enabled || f.brokerUrl !== '', {
    message: 'is required when fleet.enabled is true',
    path: ['brokerUrl'],
    when: (payload) => payload.issues.length === 0,
  })
  .prefault({});

/**
 * Where the terminal stands, as the fleet files it (heartbeat `site`; the console groups, filters
 * and alerts by it). Fleet authority, deliberately: it is inventory, not display. On-site staff
 * relabelling a terminal would move it out of its hall's group, its alert routing and a rollout
 * aimed at that hall. The name citizens see on screen is the staff-editable `hall` section.
 */
export const siteSchema = z
  .object({
    region: z.string().trim().min(1).max(100).optional(),
    hall: z.string().trim().min(1).max(100).optional(),
    tags: z
      .array(z.string().regex(/^[\p{L}\p{N}_.-]{1,50}$/u, 'letters, digits, ".", "_" or "-", at most 50'))
      .max(20)
      .refine((tags) => new Set(tags).size === tags.length, 'must not list a tag twice')
      .default([]),
  })
  .strict()
  .prefault({});

export const staffSchema = z
  .object({
    /** The hidden entry: corners tapped in this order. Long enough not to happen by chance. */
    cornerSequence: z
      .array(z.enum(CORNERS))
      .min(4)
      .max(12)
      .default(['top-left', 'top-right', 'top-left', 'bottom-right', 'bottom-left']),
    /** The whole sequence must be tapped within this time. */
    cornerSequenceSeconds: z.number().int().min(2).max(30).default(8),
    maxPinAttempts: z.number().int().min(3).max(10).default(5),
    /** First lockout; each further lockout doubles it, up to maxLockoutMinutes. */
    lockoutSeconds: z.number().int().min(30).max(3600).default(60),
    /** The wait after each wrong PIN doubles from 1 s up to this. */
    attemptDelayCapSeconds: z.number().int().min(1).max(300).default(30),
    /** Wrong PINs in a row before the long lockout; null: twice maxPinAttempts. */
    longLockoutAfter: z.number().int().min(3).max(50).nullable().default(null),
    /** The longest long lockout: a few hours at most, so a stranger at the screen never locks staff out for a day. */
    maxLockoutMinutes: z.number().int().min(1).max(720).default(60),
  })
  .strict()
  .refine((s) => s.maxLockoutMinutes * 60 >= s.lockoutSeconds, {
    message: 'must be at least lockoutSeconds (the first lockout)',
    path: ['maxLockoutMinutes'],
    when: (payload) => payload.issues.length === 0,
  })
  .prefault({});

export const watchdogSchema = z
  .object({
    /** Local hour (0-23) of the scheduled daily restart; null switches it off. */
    dailyRestartHour: z.number().int().min(0).max(23).nullable().default(3),
    maxRestarts: z.number().int().min(1).max(10).default(3),
    restartWindowMinutes: z.number().int().min(1).max(240).default(10),
  })
  .strict()
  .prefault({});
