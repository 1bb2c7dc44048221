import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

const keys = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)) : [prefix];

describe('console UI strings', () => {
  it('has every zh-CN string in en-US and no extra ones', () => {
    expect(keys(enUS).sort()).toEqual(keys(zhCN).sort());
  });

  it('defines every literal key the pages ask for', () => {
    const dir = new URL('..', import.meta.url);
    const sources = ['App.tsx', ...['pages', 'components'].flatMap((folder) => readdirSync(new URL(`${folder}/`, dir)).map((f) => `${folder}/${f}`))].map((f) => readFileSync(new URL(f, dir), 'utf8'));
    const used = new Set(sources.flatMap((text) => [...text.matchAll(/\bt\('([a-zA-Z.]+)'/g)].map((m) => m[1] ?? '')));
    const defined = new Set(keys(zhCN));
    expect([...used].filter((k) => !defined.has(k))).toEqual([]);
    expect(used.size).toBeGreaterThan(50);
  });
});
