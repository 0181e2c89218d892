export { ChannelsModule } from './channels.module';
export { WebhookDelivery } from './webhook-delivery.service';
