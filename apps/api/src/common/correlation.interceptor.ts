import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { runWithCorrelation } from './correlation';

/** Puts the signed-in user and the request id in the correlation context for everything a request does. */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ id?: string; user?: { id: string } }>();
    const correlation = { userId: request.user?.id, requestId: typeof request.id === 'string' ? request.id : undefined };
    return new Observable((subscriber) => runWithCorrelation(correlation, () => next.handle().subscribe(subscriber)));
  }
}
