// Public surface of the delivery module: letters to clients by e-service or post.
export { deliverLetter, type DeliveryChannel, type DeliveryResult } from './deliver-letter';
export { deliveryChannelFor, deliveryChannelForClient } from './delivery-channel-for-client';
export { listClientDeliveries, type InboxEntry } from './list-client-deliveries';
export { closePrintBatch, type ClosedPrintBatch } from './close-print-batch';
