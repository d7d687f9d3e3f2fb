import { type ValueTransformer } from 'typeorm';

/** pg returns bigint columns as strings; these hold values well below 2^53 (epoch ms at most). */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
