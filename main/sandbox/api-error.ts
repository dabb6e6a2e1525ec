/** An error the sandbox answers with a real-API-shaped body: `{"errors":[…]}` (or `{"Message":…}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly shape: 'errors' | 'aspnet' = 'errors',
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return this.shape === 'aspnet' ? { Message: this.message } : { errors: [this.message] };
  }
}

export const QUERY_MODEL_NULL = 'Value cannot be null. Parameter name: queryModel';

export function unableToFind(field: string, singular: string): ApiError {
  return new ApiError(500, `Unable to find ${field} in the ${singular} Entity`);
}

export function methodNotAllowed(method: string): ApiError {
  return new ApiError(405, `The requested resource does not support http method '${method}'.`, 'aspnet');
}

export function noResource(url: string): ApiError {
  return new ApiError(404, `No HTTP resource was found that matches the request URI '${url}'.`, 'aspnet');
}
