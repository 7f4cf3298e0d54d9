// `webhookPreview`: a webhook draft checked by the same rules as createWebhook (errors at the
// same paths) and the request it would send for an event type's example. Read-only: a query.
import { previewWebhook, type WebhookPreview } from '../webhooks/preview.ts';
import { NIL_UUID, parseId } from '../ids.ts';
import { builder } from './builder.ts';
import { FieldErrorRef } from './errors.ts';
import { HeaderInput } from './webhook.ts';

const WebhookPreviewInput = builder.inputType('WebhookPreviewInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    description: t.string({ required: false }),
    urls: t.stringList({ required: false }),
    headers: t.field({ type: [HeaderInput], required: false }),
    bodyTemplate: t.string({ required: false }),
    oauthCredentialId: t.id({ required: false }),
    eventType: t.string({ required: false, description: 'The event type whose example the request is rendered with.' }),
    exceptWebhookId: t.id({ required: false, description: 'The webhook being edited: its own name is no clash.' }),
  }),
});

const HttpHeader = builder.objectRef<{ name: string; value: string }>('HttpHeader').implement({
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

const PreviewRequest = builder.objectRef<NonNullable<WebhookPreview['request']>>('PreviewRequest').implement({
  description: 'The request a draft would send: headers as recorded on attempts (signatures and credentials redacted).',
  fields: (t) => ({
    url: t.exposeString('url'),
    headers: t.field({ type: [HttpHeader], resolve: (r) => r.headers }),
    body: t.exposeString('body'),
  }),
});

const WebhookPreviewRef = builder.objectRef<WebhookPreview>('WebhookPreview').implement({
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], description: 'What createWebhook would refuse, at the same paths (input.…).', resolve: (p) => p.fieldErrors }),
    placeholders: t.exposeStringList('placeholders', { description: "Placeholders for the event type's example, without braces." }),
    request: t.field({ type: PreviewRequest, nullable: true, resolve: (p) => p.request }),
  }),
});

builder.queryFields((t) => ({
  webhookPreview: t.field({
    type: WebhookPreviewRef,
    args: { input: t.arg({ type: WebhookPreviewInput }) },
    resolve: (_root, { input }, ctx) =>
      previewWebhook({ prisma: ctx.prisma, allowList: ctx.allowList, config: ctx.config }, ctx.tenantId, {
        ...input,
        // Only presence matters for a credential; an edited webhook's unknown id excludes nothing.
        exceptWebhookId: input.exceptWebhookId ? (parseId(input.exceptWebhookId, 'Webhook') ?? NIL_UUID) : null,
      }),
  }),
}));
