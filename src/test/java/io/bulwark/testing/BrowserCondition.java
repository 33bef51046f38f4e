package io.bulwark.testing;

import io.bulwark.testing.infra.Browser;
import io.bulwark.testing.infra.TestEnvironment;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Decides {@link RequiresBrowser} in the test JVM; browser tests always run as clients of the server. */
public class BrowserCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (System.getProperty("bulwark.it.wlpHome") == null) {
            return ConditionEvaluationResult.enabled("running inside the server");
        }
        return TestEnvironment.browserAvailable()
                ? ConditionEvaluationResult.enabled("headless Chromium is installed")
                : ConditionEvaluationResult.disabled(Browser.missing().orElse("no browser")
                        + " (apt-get install chromium chromium-driver)");
    }
}
