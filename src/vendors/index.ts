// The vendors Optline ships, and Custom providers built from an admin's template.
import { infobipVendor } from './infobip/infobip-vendor.ts';
import { sinchVendor } from './sinch/sinch-vendor.ts';
import { sinchConversationalVendor } from './sinch-conversational/sinch-conversational-vendor.ts';
import type { Vendor, VendorId } from './vendor.ts';

export { customVendor } from './custom/custom-vendor.ts';
export type { Vendor, VendorId } from './vendor.ts';

const NATIVE: Readonly<Record<VendorId, Vendor>> = {
  sinch: sinchVendor,
  'sinch-conversational': sinchConversationalVendor,
  infobip: infobipVendor,
};

export const VENDOR_IDS = Object.keys(NATIVE) as VendorId[];

export function vendorFor(id: VendorId): Vendor {
  if (!Object.hasOwn(NATIVE, id)) throw new Error(`unknown vendor ${JSON.stringify(id)} (known: ${VENDOR_IDS.join(', ')})`);
  return NATIVE[id];
}
