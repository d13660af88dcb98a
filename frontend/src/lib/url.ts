/** Absolute URL of a check-in link (the API may answer a relative `/site#<token>`). */
export function absoluteUrl(url: string, origin: string = typeof window !== "undefined" ? window.location.origin : "http://localhost"): string {
  try {
    return new URL(url, origin).href;
  } catch {
    return url;
  }
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}
