/** Strip Vietnamese diacritics: "Đảng ủy Bắc Giang" → "Dang uy Bac Giang". */
export function stripDiacritics(s: string): string {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

/** URL slug from a title: lowercase ASCII words joined by "-". */
export function slugify(s: string, maxLength = 80): string {
  return stripDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
}
