/** Names on screens, slips and logs: the first character only, the rest masked. */

/** 张三 → 张*, 欧阳娜娜 → 欧***. */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
};
