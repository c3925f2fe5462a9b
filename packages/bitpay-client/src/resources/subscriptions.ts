import { seg } from '../transport/url.js';
import type {
  Subscription,
  SubscriptionRequest,
  SubscriptionStatus,
  SubscriptionUpdate,
} from '../types/subscription.js';
import { type Api, asArray, asObject, defined } from './api.js';

export async function createSubscription(api: Api, subscription: SubscriptionRequest): Promise<Subscription> {
  return asObject(
    (await api.call('POST', 'subscriptions', 'merchant', { ...subscription })).data,
    'POST /subscriptions',
  );
}

export async function getSubscription(api: Api, id: string): Promise<Subscription> {
  return asObject((await api.call('GET', `subscriptions/${seg(id)}`, 'merchant')).data, 'GET /subscriptions/:id');
}

export async function getSubscriptions(api: Api, status?: SubscriptionStatus): Promise<Subscription[]> {
  return asArray((await api.call('GET', 'subscriptions', 'merchant', defined({ status }))).data, 'GET /subscriptions');
}

/** `subscriptionToken` is the subscription's resource token (`subscription.token`); the merchant token otherwise. */
export async function updateSubscription(
  api: Api,
  id: string,
  update: SubscriptionUpdate,
  subscriptionToken?: string,
): Promise<Subscription> {
  const env = await api.call('PUT', `subscriptions/${seg(id)}`, 'merchant', defined({ ...update }), subscriptionToken);
  return asObject(env.data, 'PUT /subscriptions/:id');
}
