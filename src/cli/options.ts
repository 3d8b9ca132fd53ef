/** Parsers for option values: each refuses a bad value with a message naming the option. */
import { InvalidArgumentError } from 'commander';

/** A commander argument parser for a number within [min, max] (integer when asked). */
export function numberIn(min: number, max: number, options: { integer?: boolean } = {}): (value: string) => number {
  return (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`must be a number, got "${value}".`);
    if (options.integer && !Number.isInteger(x)) throw new InvalidArgumentError(`must be a whole number, got ${value}.`);
    if (x < min || x > max) throw new InvalidArgumentError(`must be between ${min} and ${max}, got ${value}.`);
    return x;
  };
}

/** A parser that accepts one of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`must be one of ${choices.join(', ')}, got "${value}".`);
    }
    return value as T;
  };
}
