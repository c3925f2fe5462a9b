import type { Extensible } from './common.js';

export type BillStatus = 'draft' | 'sent' | 'new' | 'paid' | 'complete';

export interface BillItem extends Extensible {
  description: string;
  price: number;
  quantity: number;
}

export interface BillRequest extends Extensible {
  currency: string;
  email: string;
  items: BillItem[];
  number?: string;
  name?: string;
  address1?: string;
  address2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  cc?: string[];
  phone?: string;
  dueDate?: string;
  passProcessingFee?: boolean;
}

export interface Bill extends BillRequest {
  id: string;
  status: BillStatus;
  url?: string;
  createdDate?: string;
  merchant?: string;
  emailBill?: boolean;
  /** Bill resource token: used by {@link BitPayClient.deliverBill}. */
  token?: string;
}
