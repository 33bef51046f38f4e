package io.bulwark.webhook.intake;

import io.bulwark.logging.CorrelationIdFilter;
import io.bulwark.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Takes a delivery for a known source in: refuses it, cheapest first and before a byte of its body is read,
 * when it is not JSON (415), it declares more than {@code webhook.max-body-bytes} (413) or the
 * memory budget is spent (503 with Retry-After); otherwise reads its body asynchronously
 * ({@link BodyCollector}), so that a sender who stalls holds a socket and a little memory until the read
 * deadline, never a request thread. Once the whole body is there, the delivery is handled on one of the
 * {@link HandlingThreads} and its answer resumes the suspended response; the memory it reserved is released when
 * the response is done, whatever the answer.
 */
@ApplicationScoped
public class DeliveryIntake {

    @Inject
    IngestionBudget budget;

    @Inject
    HandlingThreads handlingThreads;

    @Inject
    IntakeSettings settings;

    @Inject
    ReadDeadlines deadlines;

    /**
     * Reads the body of a delivery for a known source and resumes {@code response} with {@code handle}'s answer to it, or with the
     * refusal of the intake.
     *
     * @param costPerBodyByte the heap the source's delivery holds per body byte, reserved as the body arrives
     */
    public void admit(HttpServletRequest request, AsyncResponse response, int costPerBodyByte, Function<ReceivedBody, Response> handle) {
        IngestionBudget.Reservation reservation = budget.open(costPerBodyByte);
        response.register((CompletionCallback) failure -> reservation.close());
        try {
            long declaredLength = HeaderChecks.contentLength(request);
            HeaderChecks.requireJson(request);
            if (declaredLength > settings.maxBodyBytes()) {
                throw IntakeRefusals.tooLarge(settings.maxBodyBytes());
            }
            if (!reservation.cover(declaredLength < 0 ? BodyCollector.FIRST_CHUNK : Math.min(declaredLength, BodyCollector.FIRST_CHUNK))) {
                throw IntakeRefusals.overBudget(settings.retryAfterSeconds());
            }
            ServletInputStream in = request.getInputStream();
            UnaryOperator<Runnable> correlated = CorrelationIdFilter.carriedBy(request);
            InitialDispatch dispatch = InitialDispatch.of(request);
            BodyCollector collector = new BodyCollector(in, reservation, settings, declaredLength,
                    body -> onAHandlingThread(correlated.apply(() -> handle(response, handle, body, dispatch))),
                    refusal -> onAHandlingThread(() -> {
                        dispatch.awaitReturnedUnlessCurrent();
                        response.resume(refusal);
                    }), deadlines::forget);
            // The read deadline is ours and the handling is bounded by the database's timeouts: no container timer.
            request.getAsyncContext().setTimeout(0);
            deadlines.watch(collector, System.nanoTime() + settings.readTimeout().toNanos());
            in.setReadListener(collector);
        } catch (ProblemException refused) {
            reservation.close();
            response.resume(refused);
        } catch (IOException e) {
            reservation.close();
            response.resume(IntakeRefusals.unreadable());
        }
    }

    /**
     * Runs an answer on one of the {@link HandlingThreads}, never on the thread that delivered the body: that is
     * either the request's first dispatch (Liberty called the read listener from within {@code setReadListener}),
     * where the response would be sent before that dispatch has unwound, or Liberty's read-listener callback, which
     * carries another request's per-thread data (see {@link HandlingThreads}). Only while the application stops,
     * when those threads take nothing more, is it run here.
     */
    private void onAHandlingThread(Runnable answer) {
        try {
            handlingThreads.execute(answer);
        } catch (RejectedExecutionException stopping) {
            answer.run();
        }
    }

    /** Handles the delivery and answers once the request's first dispatch has returned ({@link InitialDispatch}). */
    private static void handle(AsyncResponse response, Function<ReceivedBody, Response> handle, ReceivedBody body,
                               InitialDispatch dispatch) {
        Response answer;
        try {
            answer = handle.apply(body);
        } catch (RuntimeException failure) {
            dispatch.awaitReturnedUnlessCurrent();
            response.resume(failure);
            return;
        }
        dispatch.awaitReturnedUnlessCurrent();
        response.resume(answer);
    }
}
