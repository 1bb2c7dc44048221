/**
 * The upstream document (resources/upstream/openapi.yaml and its per-service files) turned into
 * checks: swagger-parser resolves and validates the document, Ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1) compiles every parameter, body and answer schema. This file only finds
 * the operation for a method and path and hands each part to the compiled validator.
 */
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';

export const DOCUMENT_PATH = fileURLToPath(new URL('../../resources/upstream/openapi.yaml', import.meta.url));

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface CheckedParameter {
  name: string;
  in: 'path' | 'header' | 'query';
  required: boolean;
  validate: ValidateFunction;
}

interface CheckedResponse {
  /** Undefined when the answer has no JSON body. */
  validate: ValidateFunction | undefined;
  /** `x-reference-upstream: never`: the reference upstream cannot give this answer. */
  neverFromReference: boolean;
}

export interface Operation {
  id: string;
  method: string;
  template: string;
  matcher: RegExp;
  pathNames: string[];
  parameters: CheckedParameter[];
  body: { required: boolean; validate: ValidateFunction } | undefined;
  /** Keyed as in the document: '200', '5XX', 'default'. */
  responses: Map<string, CheckedResponse>;
}

export interface RequestCheck {
  operation: Operation | undefined;
  issues: string[];
}

export class UpstreamDocument {
  readonly operations: readonly Operation[];

  private constructor(operations: Operation[]) {
    this.operations = operations;
  }

  /** Validates the document (throws on an invalid one), then compiles every schema in it. */
  static async load(path: string = DOCUMENT_PATH): Promise<UpstreamDocument> {
    const api = (await SwaggerParser.validate(path)) as OpenAPIV3_1.Document;
    return UpstreamDocument.fromDereferenced(api);
  }

  /** From an already dereferenced document (e.g. one a test altered on purpose). */
  static fromDereferenced(api: OpenAPIV3_1.Document): UpstreamDocument {
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    const compile = (schema: unknown, where: string): ValidateFunction => {
      try {
        return ajv.compile(schema as object);
      } catch (error) {
        throw new Error(`${where}: schema does not compile: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    };
    const operations: Operation[] = [];
    for (const [template, item] of Object.entries(api.paths ?? {})) {
      if (!item) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const where = `${method.toUpperCase()} ${template}`;
        if (!op.operationId) throw new Error(`${where} has no operationId`);
        const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => {
          const parameter = p as OpenAPIV3_1.ParameterObject;
          if (parameter.in !== 'path' && parameter.in !== 'header' && parameter.in !== 'query') {
            throw new Error(`${where}: parameter ${parameter.name} in ${parameter.in} is not supported by this check`);
          }
          return {
            name: parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name,
            in: parameter.in,
            required: parameter.required === true || parameter.in === 'path',
            validate: compile(parameter.schema ?? {}, `${where} parameter ${parameter.name}`),
          } satisfies CheckedParameter;
        });
        const requestBody = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
        const bodySchema = requestBody?.content['application/json']?.schema;
        const responses = new Map<string, CheckedResponse>();
        for (const [status, r] of Object.entries(op.responses ?? {})) {
          const response = r as OpenAPIV3_1.ResponseObject & { 'x-reference-upstream'?: unknown };
          const schema = response.content?.['application/json']?.schema;
          responses.set(status, {
            validate: schema === undefined ? undefined : compile(schema, `${where} response ${status}`),
            neverFromReference: response['x-reference-upstream'] === 'never',
          });
        }
        const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
        const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)');
        operations.push({
          id: op.operationId,
          method: method.toUpperCase(),
          template,
          matcher: new RegExp(`^${pattern}$`),
          pathNames,
          parameters,
          body: bodySchema === undefined ? undefined : { required: requestBody?.required === true, validate: compile(bodySchema, `${where} body`) },
          responses,
        });
      }
    }
    // A fixed path wins over a template that also matches it (/progress/by-holder vs /progress/{receiptNo}).
    operations.sort((a, b) => a.pathNames.length - b.pathNames.length);
    return new UpstreamDocument(operations);
  }

  find(method: string, path: string): { operation: Operation; pathValues: Record<string, string> } | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method.toUpperCase()) continue;
      const match = operation.matcher.exec(path);
      if (!match) continue;
      const pathValues: Record<string, string> = {};
      operation.pathNames.forEach((name, i) => {
        pathValues[name] = decodeURIComponent(match[i + 1] as string);
      });
      return { operation, pathValues };
    }
    return undefined;
  }

  /** Everything about a request the document constrains: path parameters, headers, query, body. */
  checkRequest(request: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }): RequestCheck {
    const url = new URL(request.url, 'http://upstream.invalid');
    const found = this.find(request.method, url.pathname);
    if (!found) return { operation: undefined, issues: [`${request.method} ${url.pathname}: no operation in the document`] };
    const { operation, pathValues } = found;
    const issues: string[] = [];
    for (const parameter of operation.parameters) {
      const raw =
        parameter.in === 'path'
          ? pathValues[parameter.name]
          : parameter.in === 'query'
            ? (url.searchParams.get(parameter.name) ?? undefined)
            : request.headers[parameter.name];
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value === undefined) {
        if (parameter.required) issues.push(`${parameter.in} ${parameter.name}: required but missing`);
        continue;
      }
      if (!parameter.validate(value)) issues.push(...describe(`${parameter.in} ${parameter.name}`, parameter.validate.errors));
    }
    if (operation.body === undefined) {
      if (request.body !== '') issues.push('body: the operation takes no body');
    } else if (request.body === '') {
      if (operation.body.required) issues.push('body: required but missing');
    } else {
      const contentType = headerValue(request.headers['content-type']);
      if (!contentType?.startsWith('application/json')) issues.push(`body: content-type ${String(contentType)} is not application/json`);
      const json = parseJson(request.body);
      if (json === undefined) issues.push('body: not valid JSON');
      else if (!operation.body.validate(json)) issues.push(...describe('body', operation.body.validate.errors));
    }
    return { operation, issues };
  }

  checkResponse(operation: Operation, answer: { status: number; contentType: string | undefined; body: string }): string[] {
    const key = responseKey(operation, answer.status);
    if (key === undefined) return [`status ${answer.status}: not documented for ${operation.id}`];
    const validate = operation.responses.get(key)?.validate;
    if (validate === undefined) return [];
    if (!answer.contentType?.startsWith('application/json')) return [`status ${answer.status}: content-type ${String(answer.contentType)} is not application/json`];
    const json = parseJson(answer.body);
    if (json === undefined) return [`status ${answer.status}: body is not valid JSON`];
    return validate(json) ? [] : describe(`status ${answer.status} body`, validate.errors);
  }

  /** The document's key for an answer's status ('404', '5XX', 'default'), if any. */
  responseKey(operation: Operation, status: number): string | undefined {
    return responseKey(operation, status);
  }
}

function responseKey(operation: Operation, status: number): string | undefined {
  for (const key of [String(status), `${Math.floor(status / 100)}XX`, 'default']) {
    if (operation.responses.has(key)) return key;
  }
  return undefined;
}

// ajv-formats is CommonJS: its default export arrives wrapped or not depending on the loader.
function addFormats(ajv: Ajv2020): void {
  const plugin = addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin } & typeof addFormatsPlugin;
  (plugin.default ?? plugin)(ajv);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Where and which rule, never the value: bodies carry ID numbers. */
function describe(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 5).map((e) => `${where}${e.instancePath || ''} ${e.keyword}: ${e.message ?? ''}`.trim());
}
