package io.bulwark.testing;

import io.bulwark.testing.infra.TestEnvironment;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Decides {@link RequiresPgBouncer} in the test JVM; inside the server the decision has already been made. */
public class PgBouncerCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (System.getProperty("bulwark.it.wlpHome") == null) {
            return ConditionEvaluationResult.enabled("running inside the server");
        }
        return TestEnvironment.pgBouncerAvailable()
                ? ConditionEvaluationResult.enabled("PgBouncer in transaction mode is in front of the application")
                : ConditionEvaluationResult.disabled("pgbouncer is not installed (apt-get install pgbouncer)");
    }
}
