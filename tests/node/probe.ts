type Without<T, K extends PropertyKey> = {
  [Key in keyof T as Key extends K ? never : Key]: T[Key];
};
type Fillable<T, K extends keyof T> = Without<T, K> & { [Key in K]?: T[Key] };
interface Open { type: "a"; userId: string; n?: number; [key: string]: unknown }
interface Closed { type: "a"; currency: "USD"; amount: number; note?: string }
const a: Without<Open, "type"> = { userId: "x", extra: 1 };
// @ts-expect-error userId wrong type
const b: Without<Open, "type"> = { userId: 5 };
// @ts-expect-error userId missing
const c: Without<Open, "type"> = { n: 1 };
const d: Fillable<Closed, "currency" | "type"> = { amount: 1 };
const e: Fillable<Closed, "currency" | "type"> = { amount: 1, currency: "USD", note: "x" };
// @ts-expect-error wrong currency
const f: Fillable<Closed, "currency" | "type"> = { amount: 1, currency: "EUR" };
// @ts-expect-error excess
const g: Fillable<Closed, "currency" | "type"> = { amount: 1, other: 1 };
type U = Fillable<Closed, "currency"> | Fillable<Open, "type">;
const h: U = { amount: 2 };
void a; void b; void c; void d; void e; void f; void g; void h;
