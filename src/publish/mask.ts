/**
 * Mask a natural person's name as published for 个体工商户: keep the first and last character, e.g.
 * 张三明 → 张*明, 张三 → 张*. Names that are not a bare 2–4 character Chinese personal name (shop names)
 * are returned unchanged.
 */
export function maskPersonalName(name: string): string {
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(name)) return name;
  const chars = [...name];
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
