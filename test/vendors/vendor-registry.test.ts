// The vendor registry is the one list of vendors; what admins read (rules/webhook.schema.json) must say the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { VENDOR_IDS, VERIFY_METHODS, vendorDefinition } from '../../src/vendors/vendor-registry.ts';
import { REPO_DIR } from '../support/corpus.ts';

const schema: unknown = JSON.parse(readFileSync(join(REPO_DIR, 'rules', 'webhook.schema.json'), 'utf8'));

/** Every vendor name the schema mentions: its enum, and the vendors its if/then clauses test. */
function vendorsNamed(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) vendorsNamed(item, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'vendor' && typeof value === 'object' && value !== null) {
        const { enum: names, const: name } = value as { enum?: unknown; const?: unknown };
        if (Array.isArray(names)) found.push(...names.map(String));
        if (name !== undefined) found.push(String(name));
      }
      vendorsNamed(value, found);
    }
  }
  return found;
}

describe('vendor registry', () => {
  it("rules/webhook.schema.json's vendor enum lists exactly the registry's vendors, in its order", () => {
    const properties = (schema as { properties: { vendor: { enum: unknown } } }).properties;
    expect(properties.vendor.enum).to.deep.equal(VENDOR_IDS);
  });

  it("rules/webhook.schema.json's per-vendor clauses name only registered vendors", () => {
    const named = vendorsNamed(schema);
    expect(named.length).to.be.greaterThan(VENDOR_IDS.length);
    expect(named.filter((name) => !(VENDOR_IDS as readonly string[]).includes(name))).to.deep.equal([]);
  });

  it("each vendor's extractor and credentials requirement carry the vendor's own id", () => {
    for (const id of VENDOR_IDS) {
      const vendor = vendorDefinition(id);
      expect(vendor.send.credentials.vendor, id).to.equal(id);
      if (vendor.extractor !== null) expect(vendor.extractor.id, id).to.equal(id);
    }
  });

  it("rules/webhook.schema.json's verify methods are exactly the registry's verifiers, in its order", () => {
    const verify = (schema as { properties: { verify: { properties: object } } }).properties.verify;
    expect(Object.keys(verify.properties)).to.deep.equal(VERIFY_METHODS);
  });
});
