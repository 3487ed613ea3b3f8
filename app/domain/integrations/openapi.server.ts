// The OpenAPI 3.1 document of /api/v1 (product.md §11), served at /api/v1/openapi.json. Request
// bodies and headers come from the very zod schemas the routes parse with, converted on their input
// side (a quantity is a number or a string before it becomes the string the order takes); what the
// routes answer is written here as zod too, and tests/integration/api/openapi.test.ts parses the
// routes' real answers with these schemas, so the document cannot drift from them unnoticed.
import { z } from 'zod'
import { ACTION_TOKEN_HEADER } from '~/auth/action-token'
import { apiScopes, TOKEN_PREFIX, type ApiScope } from '~/auth/api-keys.rules'
import { SESSION_COOKIE } from '~/auth/session.server'
import { liveErrors } from '~/domain/auction/auction-live.server'
import { auctionStatuses, bidRejectionCodes, visibilities } from '~/domain/auction/auction.rules'
import { BidBodySchema, BidIdempotencyKeySchema } from '~/domain/auction/auction.validation'
import { dealerOrderListOptions, OPEN_STATUS_FILTER, orderStatuses, paymentFilters } from '~/domain/orders/order-list.validation'
import { idempotencyKeySchema, submitOrderSchema } from '~/domain/orders/order.validation'
import { API_CHALLENGE } from '~/utils/api-response.server'
import { errorCodes } from '~/utils/errors'

type Json = Record<string, unknown>

// ---------------------------------------------------------------------------------------------
// What the routes answer

const decimal = () => z.string().regex(/^-?\d+(\.\d+)?$/).meta({ description: 'A decimal string, e.g. "12345.60": amounts never travel as JSON numbers.' })
const instant = () => z.iso.datetime().meta({ description: 'ISO 8601 UTC, e.g. "2026-11-22T14:30:00.000Z".' })

const errorCodeList = [...new Set([...Object.keys(errorCodes).map((c) => c.toUpperCase()), ...Object.keys(liveErrors), 'UNAUTHENTICATED', 'METHOD_NOT_ALLOWED'])] as [string, ...string[]]

export const ApiErrorSchema = z
  .object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(errorCodeList),
      message: z.string().meta({ description: "In the caller's language: the user's own setting, or before sign-in the Accept-Language header (zh-CN or en)." }),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: 'With BAD_INPUT from the order routes: the messages of each refused field, by its path in the body (e.g. "lines[0].quantity").' }),
    }),
  })
  .meta({ description: 'Every refusal that is not a bid rule has this body.' })

const auctionCommon = {
  auctionId: z.uuid(),
  seq: z.number().int().meta({ description: 'The auction event this state reflects; a client holding a lower one missed something.' }),
  serverTime: instant(),
  status: z.enum(auctionStatuses),
  currency: z.string(),
  ceiling: decimal(),
  startsAt: instant(),
  endsAt: instant(),
  hardStopAt: instant(),
  extensions: z.number().int(),
  visibility: z.enum(visibilities),
  participants: z.number().int().meta({ description: 'Invited, active participants: a count, never who.' }),
  statusNote: z
    .object({ reason: z.string().nullable(), at: instant() })
    .nullable()
    .meta({ description: "While paused or once cancelled: the buyer's reason and when; null otherwise." }),
}

export const SupplierStateSchema = z
  .object({
    viewer: z.literal('supplier'),
    ...auctionCommon,
    acceptedTerms: z.boolean(),
    myRank: z.number().int().nullable(),
    myBid: decimal().nullable(),
    myAlias: z.string().nullable(),
    myBids: z.array(z.object({ id: z.uuid(), amount: decimal(), at: instant(), voided: z.boolean(), surrogate: z.boolean() })).meta({ description: 'The latest 50 of its own bids.' }),
    bestPrice: decimal().nullable().meta({ description: 'Where the visibility shows it.' }),
    ladder: z.array(z.object({ rank: z.number().int(), alias: z.string(), amount: decimal(), isMe: z.boolean() })).nullable().meta({ description: 'Anonymized, where the visibility shows it.' }),
    maxAcceptable: decimal().nullable().meta({ description: 'The highest amount this supplier may bid now.' }),
    voidedBids: z.number().int().meta({ description: "Bids the buyer voided in this auction, anyone's: a count, never whose." }),
    won: z.boolean().nullable().meta({ description: 'After the award; null before.' }),
  })
  .meta({ description: "A supplier's own projection of the auction: never another supplier's name, never the reserve." })

const money = () => z.object({ amount: decimal(), percent: decimal() })

export const BuyerStateSchema = z
  .object({
    viewer: z.literal('buyer'),
    ...auctionCommon,
    reserve: decimal().nullable(),
    reserveStatus: z.enum(['none', 'met', 'not_met']),
    minParticipants: z.number().int(),
    bidders: z.number().int(),
    ladder: z.array(z.object({ rank: z.number().int(), orgId: z.uuid(), orgName: z.string().nullable(), bidId: z.uuid(), amount: decimal(), at: instant(), surrogate: z.boolean() })),
    bids: z.array(z.object({ id: z.uuid(), orgId: z.uuid(), amount: decimal(), at: instant(), voided: z.boolean(), surrogate: z.boolean() })).meta({ description: 'The latest 200 bids; bidsTotal says how many there are.' }),
    bidsTotal: z.number().int().optional(),
    participantList: z.array(z.object({ orgId: z.uuid(), orgName: z.string().nullable(), acceptedTerms: z.boolean(), active: z.boolean() })),
    connectedOrgIds: z.array(z.uuid()),
    rejectedAttempts: z.number().int(),
    recentRejections: z.array(z.object({ seq: z.number().int(), at: instant(), orgId: z.uuid(), amount: z.string(), code: z.string(), surrogate: z.boolean() })).optional(),
    bestPrice: decimal().nullable(),
    lastPurchasePrice: decimal().nullable().meta({ description: 'The price last paid for this lot, as the buyer set it up: the baseline of savingsVsLastPurchase.' }),
    savingsVsCeiling: money().nullable(),
    savingsVsLastPurchase: money().nullable().meta({ description: 'Against lastPurchasePrice; negative amount and percent when the best bid is above it. Null without a last purchase price or a bid.' }),
    awardedOrgId: z.uuid().nullable(),
  })
  .meta({ description: "The host's projection (a host key whose maker may run auctions): names, every bid, the reserve, the last purchase price." })

export const AuctionListSchema = z.object({
  auctions: z.array(z.object({ id: z.uuid(), title: z.string(), status: z.enum(auctionStatuses), currency: z.string(), startsAt: instant(), endsAt: instant() })),
})

export const BidAcceptedSchema = z.object({
  ok: z.literal(true),
  bid: z.object({ id: z.uuid(), amount: decimal(), at: instant(), surrogate: z.boolean() }),
  state: SupplierStateSchema,
})

export const BidRejectedSchema = z
  .object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(bidRejectionCodes),
      message: z.string(),
      maxAcceptable: decimal().nullable().optional().meta({ description: 'The highest amount that would be accepted now (null: none can be).' }),
      confirmationThreshold: decimal().optional().meta({ description: 'With CONFIRMATION_REQUIRED: bids below it need `confirm: true`.' }),
    }),
    state: SupplierStateSchema.optional(),
  })
  .meta({ description: 'A bid the auction rules refused (auction-rules.md), logged as a rejected attempt: the same body as the socket\'s auction:bid ack.' })

export const OrderPlacedSchema = z.object({
  ok: z.literal(true),
  order: z.object({ id: z.uuid(), number: z.string(), status: z.enum(orderStatuses) }),
  replayed: z.boolean().meta({ description: 'True when the Idempotency-Key was seen before with the same body: the stored order, nothing new.' }),
})

export const OrderListSchema = z.object({
  ok: z.literal(true),
  total: z.number().int().meta({ description: 'Orders matching the filters, over all pages.' }),
  orders: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      status: z.enum(orderStatuses),
      version: z.number().int(),
      needsApproval: z.boolean(),
      currency: z.string(),
      total: decimal(),
      warehouseCode: z.string(),
      dealerReference: z.string().nullable(),
      createdAt: instant(),
      owed: decimal().optional().meta({ description: 'With payment=unpaid only: what is still owed on what has shipped.' }),
    }),
  ),
})

// ---------------------------------------------------------------------------------------------
// The document

const components = z.registry<{ id: string }>()
const named: Array<[string, z.ZodType]> = [
  ['Error', ApiErrorSchema],
  ['AuctionList', AuctionListSchema],
  ['SupplierState', SupplierStateSchema],
  ['BuyerState', BuyerStateSchema],
  ['BidBody', BidBodySchema],
  ['BidAccepted', BidAcceptedSchema],
  ['BidRejected', BidRejectedSchema],
  ['OrderBody', submitOrderSchema],
  ['OrderPlaced', OrderPlacedSchema],
  ['OrderList', OrderListSchema],
]
for (const [id, schema] of named) components.add(schema, { id })

/** A format says it: the regular expressions zod spells out for uuid and date-time are noise to a reader. */
function tidy(ctx: { jsonSchema: Json }) {
  const s = ctx.jsonSchema
  if (s.format === 'uuid' || s.format === 'date-time' || s.format === 'date') delete s.pattern
}

/** One schema on its own (a header, a parameter): the input side, as a client writes it. */
function inline(schema: z.ZodType): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: 'input', override: tidy }) as Json
  return rest
}

function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(components, { io: 'input', uri: (id) => `#/components/schemas/${id}`, override: tidy })
  // $id with a fragment is not allowed in JSON Schema 2020-12, and the components' names are their ids.
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema' && k !== '$id'))]))
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` })
const json = (schema: Json) => ({ 'application/json': { schema } })
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) })

/** The key's scope or the session cookie (whose user's roles and organization decide alone). */
const security = (scope: ApiScope) => [{ apiKey: [scope] }, { session: [] }]

const idParam = { name: 'id', in: 'path', required: true, description: "The auction's id. Another party's auction is 404, like one that does not exist.", schema: inline(z.uuid()) }

const orderListQuery: Array<[string, z.ZodType, string]> = [
  ['q', z.string().max(200), "Search in the order's number (any part, or without its zeros) and the dealer's reference."],
  ['status', z.enum([...orderStatuses, OPEN_STATUS_FILTER]), 'Only orders in this status; `open`: every order not yet shipped in full nor closed (submitted to partially_shipped).'],
  ['payment', z.enum(paymentFilters), "unpaid: the orders shipped and not paid for in full; each then carries `owed`."],
  ['from', z.iso.date(), "Created on or after this day, in the maker's time zone."],
  ['to', z.iso.date(), "Created on or before this day, in the maker's time zone."],
  ['sort', z.enum(dealerOrderListOptions.sortable).default(dealerOrderListOptions.defaultSort), 'Sort by.'],
  ['dir', z.enum(['asc', 'desc']).default(dealerOrderListOptions.defaultDir), 'Sort direction.'],
  ['page', z.number().int().min(1).max(100_000).default(1), 'Page number (a value out of range reads as 1).'],
  ['size', z.number().int().min(1).max(200).default(dealerOrderListOptions.pageSize), 'Orders per page (a value out of range reads as the default).'],
]

function buildDocument(): Json {
  const scopes = apiScopes.map((s) => `\`${s}\``).join(', ')
  return {
    openapi: '3.1.1',
    info: {
      title: 'Caixiao 采销 API',
      version: '1.0.0',
      description: [
        'The dealers\' orders and the e-auctions of Caixiao over HTTP, JSON in and out.',
        '',
        `Authenticate with an API key as \`Authorization: Bearer ${TOKEN_PREFIX}…\` (an organization's admin makes one at /console/api-keys, /supplier/api-keys or /dealer/api-keys, with its scopes: ${scopes}). A key acts as the admin who made it, limited to its scopes; a missing scope is 403. A missing, unknown, revoked or expired key is 401, alike. A signed-in browser's session cookie works too.`,
        '',
        "Errors are `{ ok: false, error: { code, message, fields? } }` with the message in the caller's language. Money travels as decimal strings (\"12345.60\"); times as ISO 8601 UTC. Unknown fields in a body are refused (400), never ignored.",
      ].join('\n'),
    },
    tags: [
      { name: 'auctions', description: 'Reverse e-auctions (auction-rules.md): read the own projection, bid.' },
      { name: 'orders', description: "A dealer's orders: place one, list its own." },
      { name: 'meta', description: 'This document.' },
    ],
    paths: {
      '/api/v1/auctions': {
        get: {
          tags: ['auctions'],
          operationId: 'listAuctions',
          summary: 'The auctions the caller may see',
          security: security('auctions:read'),
          responses: {
            200: { description: 'Id, title, status, currency and times of each; a dealer sees none.', content: json(ref('AuctionList')) },
            401: { $ref: '#/components/responses/Unauthenticated' },
            403: { $ref: '#/components/responses/Forbidden' },
            503: { $ref: '#/components/responses/Unavailable' },
          },
        },
      },
      '/api/v1/auctions/{id}': {
        parameters: [idParam],
        get: {
          tags: ['auctions'],
          operationId: 'getAuction',
          summary: "The caller's own projection of one auction",
          description: "The same state the socket's auction:state pushes: a supplier's own, or the host's.",
          security: security('auctions:read'),
          responses: {
            200: { description: 'The projection.', content: json({ oneOf: [ref('SupplierState'), ref('BuyerState')], discriminator: { propertyName: 'viewer', mapping: { supplier: '#/components/schemas/SupplierState', buyer: '#/components/schemas/BuyerState' } } }) },
            401: { $ref: '#/components/responses/Unauthenticated' },
            403: { $ref: '#/components/responses/Forbidden' },
            404: { $ref: '#/components/responses/NotFound' },
            503: { $ref: '#/components/responses/Unavailable' },
          },
        },
      },
      '/api/v1/auctions/{id}/bids': {
        parameters: [idParam],
        post: {
          tags: ['auctions'],
          operationId: 'placeBid',
          summary: 'Place a bid (suppliers)',
          description:
            "One bid under the auction rules, answered like the socket's auction:bid ack. The Idempotency-Key is the bid's client id: a retry with the same key and body replays the stored answer; the same key with another body is 409.",
          security: security('auctions:bid'),
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: true, description: 'One per bid, reused for its retries.', schema: inline(BidIdempotencyKeySchema) },
            { name: ACTION_TOKEN_HEADER, in: 'header', required: false, description: "Only with the session cookie (not a key): the session's action token, from the page's root data.", schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: json(ref('BidBody')) },
          responses: {
            201: { description: 'Accepted: the bid and the supplier\'s new state.', content: json(ref('BidAccepted')) },
            400: errorResponse('INVALID_AMOUNT (the amount is not a decimal string), BAD_REQUEST (not JSON or not sent as application/json, an unknown field, a confirm that is not a boolean) or IDEMPOTENCY_KEY_REQUIRED.'),
            401: { $ref: '#/components/responses/Unauthenticated' },
            403: errorResponse('FORBIDDEN (staff, or a key without auctions:bid) or ACTION_TOKEN_REQUIRED (a session without its action token).'),
            404: { $ref: '#/components/responses/NotFound' },
            413: errorResponse('TOO_LARGE: the body is over 4 KiB.'),
            422: { description: 'Refused by the auction rules (the message states the highest acceptable amount), or IDEMPOTENCY_KEY_REUSED: the key was used for another bid.', content: json(ref('BidRejected')) },
            503: { $ref: '#/components/responses/Unavailable' },
          },
        },
      },
      '/api/v1/orders': {
        get: {
          tags: ['orders'],
          operationId: 'listOrders',
          summary: "The dealer's own orders",
          security: security('orders:read'),
          parameters: orderListQuery.map(([name, schema, description]) => ({ name, in: 'query', required: false, description, schema: inline(schema) })),
          responses: {
            200: { description: 'One page of orders, newest first unless sorted otherwise.', content: json(ref('OrderList')) },
            401: { $ref: '#/components/responses/Unauthenticated' },
            403: { $ref: '#/components/responses/Forbidden' },
            404: errorResponse('NOT_FOUND: the caller is not a dealer, so it has no orders here.'),
            503: { $ref: '#/components/responses/Unavailable' },
          },
        },
        post: {
          tags: ['orders'],
          operationId: 'placeOrder',
          summary: 'Place an order (dealers)',
          description:
            "Through the same command as the cart page: prices, tax, credit and stock are decided on the server from the dealer's own price list; a price, a dealer id or a status in the body is refused. Over credit the order waits for approval (status submitted, needsApproval).",
          security: security('orders:write'),
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, description: 'One per order, reused for its retries.', schema: inline(idempotencyKeySchema) }],
          requestBody: { required: true, content: json(ref('OrderBody')) },
          responses: {
            201: { description: 'The order, placed.', content: json(ref('OrderPlaced')) },
            200: { description: 'A retry: the key was seen with the same body; the stored order, nothing new.', content: json(ref('OrderPlaced')) },
            400: errorResponse('BAD_INPUT: a refused field (see `fields`), no Idempotency-Key, not JSON or not sent as application/json, or a product that cannot be ordered as asked.'),
            401: { $ref: '#/components/responses/Unauthenticated' },
            403: { $ref: '#/components/responses/Forbidden' },
            404: errorResponse('NOT_FOUND: the caller is not a dealer.'),
            409: errorResponse('CONFLICT: the dealer has no terms (price tier, credit) to order under yet, or `expectedTotal` was sent and the order now prices to another total (a price changed): nothing was placed; price again and resend.'),
            413: errorResponse('TOO_LARGE: the body is over 64 KiB.'),
            422: errorResponse('UNPROCESSABLE: the key was used for another body, a line has no price for this dealer (or not at this quantity), or the total is too large.'),
            503: { $ref: '#/components/responses/Unavailable' },
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          tags: ['meta'],
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: `${TOKEN_PREFIX}<12 hex>_<43 base64url>`,
          description: `An API key sent as \`Authorization: Bearer ${TOKEN_PREFIX}…\`; the requirement lists the scope the operation needs. With this header the key alone decides (a cookie is ignored).`,
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: `A signed-in user's session (browsers); a bid with it also carries ${ACTION_TOKEN_HEADER}.`,
        },
      },
      responses: {
        Unauthenticated: {
          description: 'UNAUTHENTICATED: the API key is missing, unknown, revoked or expired (one answer for all), or the session ended.',
          headers: { 'WWW-Authenticate': { description: API_CHALLENGE, schema: { type: 'string' } } },
          content: json(ref('Error')),
        },
        Forbidden: errorResponse("FORBIDDEN: the key lacks the operation's scope, or its maker's roles do not allow it."),
        NotFound: errorResponse('NOT_FOUND: no such record among those the caller may see.'),
        Unavailable: {
          description: 'UNAVAILABLE: the database is briefly out of reach; retry after Retry-After seconds.',
          headers: { 'Retry-After': { schema: { type: 'string' } } },
          content: json(ref('Error')),
        },
      },
    },
  }
}

let built: Json | null = null
/** The document, built once per process: it depends on the code alone. */
export function apiDocument(): Json {
  return (built ??= buildDocument())
}
