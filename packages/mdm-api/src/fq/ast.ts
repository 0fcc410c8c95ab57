/** The comparison operators of the fq grammar, normalized (`=` is `EQ`, `<=` is `LE`, …). */
export const FQ_OPERATORS = ['EQ', 'NE', 'LT', 'GT', 'LE', 'GE', 'CONTAINS', 'STARTSWITH'] as const;
export type FqOperator = (typeof FQ_OPERATORS)[number];

/** A field reference: a device field (any case), or a custom device / LDAP attribute. */
export type FqField =
  { kind: 'field'; name: string } | { kind: 'cfdevice'; name: string } | { kind: 'cfldap'; name: string };

export interface FqComparison {
  type: 'comparison';
  field: FqField;
  op: FqOperator;
  value: string;
  /** Whether the value was written in quotes (a bare value cannot hold spaces or parentheses). */
  quoted: boolean;
}

export interface FqJunction {
  type: 'and' | 'or';
  children: FqNode[];
}

export type FqNode = FqComparison | FqJunction;
