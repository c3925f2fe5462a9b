import type { Extensible } from './common.js';

export type SubscriptionStatus = 'draft' | 'active' | 'cancelled';
export type SubscriptionSchedule = 'weekly' | 'monthly' | 'quarterly' | 'yearly' | (string & {});

export interface SubscriptionBillData extends Extensible {
  currency: string;
  email: string;
  items: { description: string; price: number; quantity: number }[];
  dueDate?: string;
  name?: string;
  cc?: string[];
  passProcessingFee?: boolean;
}

export interface SubscriptionRequest extends Extensible {
  billData: SubscriptionBillData;
  /** `weekly|monthly|quarterly|yearly` or a cron expression. */
  schedule: SubscriptionSchedule;
  nextDelivery?: string;
}

export interface SubscriptionUpdate extends Extensible {
  status?: SubscriptionStatus;
  billData?: SubscriptionBillData;
  schedule?: SubscriptionSchedule;
  nextDelivery?: string;
}

export interface Subscription extends SubscriptionRequest {
  id: string;
  status: SubscriptionStatus;
  /** Subscription resource token: used by {@link BitPayClient.updateSubscription}. */
  token?: string;
}
