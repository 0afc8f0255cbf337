// A rule file's `verify`: each method's settings are checked by the schema, with line and column.
import { expect } from 'chai';
import { loadRuleText } from '../../src/rules/load-rule-file.ts';
import { RuleFileError, type RuleFileProblem } from '../../src/rules/rule-file-error.ts';

function ruleText(verify: string): string {
  return [
    '{',
    '  "id": "acme",',
    '  "name": "ACME",',
    '  "version": "1.0.0",',
    '  "vendor": "sinch",',
    '  "credentials": "acme",',
    '  "senderNumber": "+15550100",',
    `  "verify": ${verify}`,
    '}',
  ].join('\n');
}

async function problemsOf(
  verify: string,
): Promise<Array<Pick<RuleFileProblem, 'pointer' | 'line' | 'column' | 'message'>>> {
  try {
    await loadRuleText(ruleText(verify), 'acme.webhook.json');
  } catch (error) {
    if (!(error instanceof RuleFileError)) throw error;
    return error.problems.map(({ pointer, line, column, message }) => ({ pointer, line, column, message }));
  }
  return [];
}

describe("a rule file's verify methods", () => {
  it('accepts each method with its settings', async () => {
    for (const verify of [
      '{ "standardWebhooks": { "secretEnv": "ACME_WHSEC" } }',
      '{ "hmacSignature": { "header": "X-Hub-Signature-256", "algorithm": "sha256", "encoding": "hex", "prefix": "sha256=", "secretEnv": "S" } }',
      '{ "hmacSignature": { "header": "X-Sig", "algorithm": "sha1", "encoding": "base64", "secretEnv": "S", "timestamp": { "header": "X-Ts", "separator": ":", "toleranceSeconds": 60 } } }',
      '{ "twilioSignature": { "authTokenEnv": "TWILIO_AUTH_TOKEN" } }',
      '{ "telnyxSignature": { "publicKeyEnv": "TELNYX_PUBLIC_KEY", "toleranceSeconds": 300 } }',
    ]) {
      expect(await problemsOf(verify), verify).to.deep.equal([]);
    }
  });

  it('points at a wrong setting inside a method, at its line and column', async () => {
    expect(
      await problemsOf(
        '{ "hmacSignature": { "header": "X Sig", "algorithm": "md5", "encoding": "hex", "secretEnv": "s3cret" } }',
      ),
    ).to.deep.equal([
      {
        pointer: '/verify/hmacSignature/header',
        line: 8,
        column: 44,
        message: 'must be an HTTP header name (letters, digits, - and the like; at most 64)',
      },
      { pointer: '/verify/hmacSignature/algorithm', line: 8, column: 66, message: 'must be one of: "sha256", "sha1"' },
      {
        pointer: '/verify/hmacSignature/secretEnv',
        line: 8,
        column: 105,
        message: 'must name an environment variable (A-Z, 0-9 and _), not hold the secret',
      },
    ]);
  });

  it('refuses a tolerance beyond the 300 s the replay memory covers, an unknown method and two methods', async () => {
    expect(await problemsOf('{ "telnyxSignature": { "publicKeyEnv": "K", "toleranceSeconds": 301 } }')).to.deep.equal([
      { pointer: '/verify/telnyxSignature/toleranceSeconds', line: 8, column: 77, message: 'must be <= 300' },
    ]);
    expect(await problemsOf('{ "svix": { "secretEnv": "K" } }')).to.deep.equal([
      { pointer: '/verify/svix', line: 8, column: 15, message: 'unknown property "svix"' },
    ]);
    const two = await problemsOf(
      '{ "standardWebhooks": { "secretEnv": "A" }, "twilioSignature": { "authTokenEnv": "B" } }',
    );
    expect(two).to.deep.equal([
      {
        pointer: '/verify',
        line: 8,
        column: 13,
        message:
          'must name exactly one method: sinchSignature, basicAuth, standardWebhooks, hmacSignature, twilioSignature, telnyxSignature',
      },
    ]);
  });
});
