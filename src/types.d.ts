declare module "chinese-days/dist/chinese-days.json" {
  const data: {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
    inLieuDays: Record<string, string>;
  };
  export default data;
}
