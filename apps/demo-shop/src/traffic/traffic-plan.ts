import { PRODUCTS } from '../catalogue/product-catalogue';
import { DEMO_PASSWORD, demoUsername, USER_COUNT } from '../users/user-directory';

/** One step of a shopper's visit; each is one request to the gateway. */
export type JourneyStep =
  | { kind: 'login'; username: string; password: string }
  | { kind: 'browse-list' }
  | { kind: 'browse-product'; productId: string }
  | { kind: 'add-to-cart'; productId: string; quantity: number }
  | { kind: 'place-order' }
  | { kind: 'pay' };

/** Shares of the mix, each of the visitors who got that far. */
export const MIX = {
  /** Visitors who only look around, without logging in. */
  anonymous: 0.3,
  /** Logins with a mistyped password (a business failure of `login`). */
  wrongPassword: 0.05,
  /** Product views of an id that does not exist (404). */
  missingProduct: 0.08,
  /** Logged-in visitors who put something in the cart. */
  addToCart: 0.7,
  /** Of those, visitors who place the order. */
  placeOrder: 0.75,
  /** Of those, visitors who pay. */
  pay: 0.9,
} as const;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] ?? items[0]!;
const between = (min: number, max: number, random: () => number): number => min + Math.floor(random() * (max - min + 1));

/**
 * Plans one visit: anonymous visitors browse the list and a few products; the others log in,
 * browse, and some go on to add to cart, place the order and pay, the funnel of a real shop.
 * `random` returns values in [0, 1) and is injectable so the mix can be tested.
 */
export function planJourney(random: () => number = Math.random): JourneyStep[] {
  const steps: JourneyStep[] = [];
  const anonymous = random() < MIX.anonymous;
  if (!anonymous) {
    const username = demoUsername(between(1, USER_COUNT, random));
    const wrong = random() < MIX.wrongPassword;
    steps.push({ kind: 'login', username, password: wrong ? 'wrong-password' : DEMO_PASSWORD });
    if (wrong) return steps;
  }
  steps.push({ kind: 'browse-list' });
  const viewed: string[] = [];
  for (let view = between(1, 3, random); view > 0; view -= 1) {
    if (random() < MIX.missingProduct) {
      steps.push({ kind: 'browse-product', productId: `p-missing-${between(1, 999, random)}` });
      continue;
    }
    const product = pick(PRODUCTS, random);
    viewed.push(product.id);
    steps.push({ kind: 'browse-product', productId: product.id });
  }
  if (anonymous || viewed.length === 0 || random() >= MIX.addToCart) return steps;
  for (let item = between(1, Math.min(3, viewed.length), random); item > 0; item -= 1) {
    steps.push({ kind: 'add-to-cart', productId: viewed[item - 1]!, quantity: between(1, 2, random) });
  }
  if (random() >= MIX.placeOrder) return steps;
  steps.push({ kind: 'place-order' });
  if (random() < MIX.pay) steps.push({ kind: 'pay' });
  return steps;
}
