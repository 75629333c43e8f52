import type { zhCN } from './zh-CN';

export type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every locale must fill: the zh-CN messages with their strings widened. */
export type Messages = Widen<typeof zhCN>;

/** Every dotted key of a message tree, e.g. "live.goLive". */
export function messageKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : messageKeys(v as object, `${prefix}${k}.`),
  );
}
