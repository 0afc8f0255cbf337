// The meaning of a template after the CST visitor: a tree of conditions and placeholders.
import type { Position } from './template-problem.ts';

export type TemplateNode = ObjectNode | ArrayNode | LiteralNode | PlaceholderNode | EmbeddedNode | EachNode;

export interface ObjectNode extends Position {
  type: 'object';
  members: Array<{ key: string; value: TemplateNode }>;
}

export interface ArrayNode extends Position {
  type: 'array';
  /** The template applied to every element; null for `[]`, which only asks for an array. */
  element: TemplateNode | null;
}

export interface LiteralNode extends Position {
  type: 'literal';
  value: string | number | boolean | null;
}

export interface PlaceholderNode extends Position {
  type: 'placeholder';
  /** Canonical name (aliases resolved). */
  name: string;
  /** As written in the template. */
  written: string;
}

/** `json(T)`: the payload holds a string whose text is JSON, and T applies to that JSON (AWS SNS's `Message`). */
export interface EmbeddedNode extends Position {
  type: 'embedded';
  inner: TemplateNode;
}

/** `{ "{{each}}": T }`: one T, or an array of T (a provider that posts a bare event or an array of them). */
export interface EachNode extends Position {
  type: 'each';
  element: TemplateNode;
}
