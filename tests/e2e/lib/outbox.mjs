// Reads the mail gatehoused writes to its `.eml` outbox (server/mail/FileOutbox): one RFC 5322
// message per file, named so that the names sort in the order the messages were written. Bodies
// are text/plain or multipart/alternative (text and HTML), each part quoted-printable UTF-8
// (server/mail/MailComposer). Only what the tests need is parsed; anything else throws.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

// Quoted-printable (RFC 2045 §6.7) to bytes to UTF-8: soft line breaks go, =XX become bytes.
export function decodeQuotedPrintable(text) {
  const unfolded = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < unfolded.length; ++i) {
    const hex = unfolded.slice(i + 1, i + 3);
    if (unfolded[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unfolded[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// RFC 2047 encoded words in a header (the composer uses them for non-ASCII subjects).
function decodeHeader(value) {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind, data) =>
    kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')));
}

// Headers (names lower-cased, folded lines joined) and the body of an entity.
function splitEntity(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodePart(entity) {
  const encoding = (entity.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(entity.body);
  if (encoding === '7bit' || encoding === '8bit') return entity.body;
  throw new Error(`unexpected Content-Transfer-Encoding ${encoding}`);
}

export function parseMail(raw) {
  const message = splitEntity(raw);
  const type = message.headers['content-type'] ?? 'text/plain';
  const mail = {
    to: decodeHeader(message.headers.to ?? ''),
    subject: decodeHeader(message.headers.subject ?? ''),
    text: null, html: null,
  };
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary
    ? message.body.split(`--${boundary}`).slice(1, -1).map(part => splitEntity(part.replace(/^\r?\n/, '')))
    : [message];
  for (const part of parts) {
    const partType = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
    if (partType.startsWith('text/plain')) mail.text = decodePart(part);
    else if (partType.startsWith('text/html')) mail.html = decodePart(part);
  }
  if (mail.text === null) throw new Error(`no text/plain part in:\n${raw}`);
  return mail;
}

export class Outbox {
  constructor(directory) { this.directory = directory; }

  files() {
    if (!existsSync(this.directory)) return [];
    return readdirSync(this.directory).filter(name => name.endsWith('.eml')).sort()
      .map(name => join(this.directory, name));
  }

  newest() {
    const files = this.files();
    return files.length ? { file: files.at(-1), ...parseMail(readFileSync(files.at(-1), 'utf8')) } : null;
  }

  // The newest message once it is to `to` and its subject contains `subject`. The server writes
  // mail from a thread of its own after answering, and a file appears whole (written aside, then
  // renamed), so this looks again until one matches, as SignupAndResetTest's awaitMail does.
  async waitFor({ to, subject, timeoutMs = 10000 }) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = this.newest();
      if (mail && mail.to.includes(to) && mail.subject.includes(subject)) return mail;
      if (Date.now() > deadline)
        throw new Error(`no mail to ${to} about "${subject}" in ${this.directory}; newest: ` +
                        JSON.stringify(mail && { to: mail.to, subject: mail.subject }));
      await delay(50);
    }
  }
}
