/** Seminars the signed-in speaker has papers in, remembered in localStorage (the API lists papers per seminar). */
export interface KnownSeminar {
  id: number;
  title: string;
  timezone?: string;
}

const key = (userId: number) => `diemcau.speaker.seminars.${userId}`;

export function knownSeminars(userId: number): KnownSeminar[] {
  try {
    const raw = localStorage.getItem(key(userId));
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(list) ? list.filter((s): s is KnownSeminar => !!s && typeof s.id === "number" && typeof s.title === "string") : [];
  } catch {
    return [];
  }
}

export function rememberSeminar(userId: number, seminar: KnownSeminar): void {
  try {
    const list = knownSeminars(userId).filter((s) => s.id !== seminar.id);
    list.unshift({ id: seminar.id, title: seminar.title, timezone: seminar.timezone });
    localStorage.setItem(key(userId), JSON.stringify(list.slice(0, 50)));
  } catch {
    /* storage unavailable: the open calls still list the papers */
  }
}
