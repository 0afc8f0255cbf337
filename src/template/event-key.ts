// Where a template's event key (requestId or client_reference) sits: the arrays on the way to it are batches,
// whose every element is its own event; every other array is a list that adds to one event.
import type { EventKind } from '../events.ts';
import { KEY_PLACEHOLDER } from './placeholders.ts';
import type { TemplateNode } from './template-node.ts';

/** Whether `node` holds the event key of `kind` anywhere below it. */
export function holdsEventKey(node: TemplateNode, kind: EventKind): boolean {
  switch (node.type) {
    case 'placeholder':
      return node.name === KEY_PLACEHOLDER[kind];
    case 'object':
      return node.members.some((member) => holdsEventKey(member.value, kind));
    case 'array':
      return node.element !== null && holdsEventKey(node.element, kind);
    case 'embedded':
      return holdsEventKey(node.inner, kind);
    case 'each':
      return holdsEventKey(node.element, kind);
    default:
      return false;
  }
}

/** Whether the template reads JSON inside a string anywhere (json(...)). */
export function holdsEmbeddedJson(node: TemplateNode): boolean {
  switch (node.type) {
    case 'embedded':
      return true;
    case 'object':
      return node.members.some((member) => holdsEmbeddedJson(member.value));
    case 'array':
      return node.element !== null && holdsEmbeddedJson(node.element);
    case 'each':
      return holdsEmbeddedJson(node.element);
    default:
      return false;
  }
}

/** Whether the event key sits inside an array: only then are there several events. */
export function isBatched(node: TemplateNode, kind: EventKind): boolean {
  switch (node.type) {
    case 'object':
      return node.members.some((member) => isBatched(member.value, kind));
    case 'array':
      return node.element !== null && holdsEventKey(node.element, kind);
    case 'embedded':
      return isBatched(node.inner, kind);
    case 'each':
      return holdsEventKey(node.element, kind);
    default:
      return false;
  }
}
