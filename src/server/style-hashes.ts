/** `'sha256-…'`: the CSP source of a `<style>` element's text (the SHA-256 of its UTF-8 bytes, base64). */
async function cspHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

/**
 * The CSP sources of every `<style>` element in server-rendered HTML, each once, in order. A
 * page's `style-src` lists them instead of `'unsafe-inline'`. Only the element's own styles can be
 * `<style>` elements here: Lit escapes every text and attribute value it renders.
 */
export async function styleHashes(html: string): Promise<string[]> {
  const texts = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, text]) => text!);
  return [...new Set(await Promise.all(texts.map(cspHash)))];
}
