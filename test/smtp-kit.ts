// A real SMTP server on a random loopback port for tests (smtp-server), parsing every accepted
// message with mailparser. `reject` makes it refuse every recipient, as a mail server does.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  port: number;
  url: string;
  messages: ParsedMail[];
  /** RCPT TO commands seen, accepted or not. */
  recipients: string[];
  reject: boolean;
  close(): Promise<void>;
}

export async function startSmtpServer(options: { reject?: boolean } = {}): Promise<TestSmtpServer> {
  const state = {
    messages: [] as ParsedMail[],
    recipients: [] as string[],
    reject: options.reject ?? false,
  };
  const server = new SMTPServer({
    // Plain SMTP with AUTH on loopback: the credentials in SMTP_URL are exercised too.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'notices' && auth.password === 'secret')
        callback(null, { user: 'notices' });
      else callback(new Error('invalid credentials'));
    },
    onRcptTo(address, _session, callback) {
      state.recipients.push(address.address);
      if (state.reject) {
        const error = new Error(`mailbox ${address.address} unavailable`) as Error & {
          responseCode: number;
        };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          state.messages.push(parsed);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    url: `smtp://notices:secret@127.0.0.1:${port}`,
    get messages() {
      return state.messages;
    },
    get recipients() {
      return state.recipients;
    },
    get reject() {
      return state.reject;
    },
    set reject(value: boolean) {
      state.reject = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
