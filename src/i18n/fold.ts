// How words typed by a person are compared with the words we know (option values, category names,
// status and priority words, knowledge-base terms): case, accents and ligatures do not count.
// Romanian is typed with comma-below letters (ș ț), with the older cedilla forms (ş ţ) or without
// diacritics at all (s t a i): all of them meet here. Every input-word match goes through fold().

/** Lower-case, strip diacritics and ligatures, trim: "Șef de ȘANTIER" / "Şef de santier" → "sef de santier". */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim();
}

/** Do two words mean the same to a person typing them? */
export function sameWord(a: string, b: string): boolean {
  return fold(a) === fold(b);
}
