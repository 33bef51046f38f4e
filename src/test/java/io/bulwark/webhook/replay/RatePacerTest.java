package io.bulwark.webhook.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    @Test
    void replaysAreSpacedToTheRate() throws InterruptedException {
        RatePacer pacer = new RatePacer(100);
        long start = System.nanoTime();
        for (int i = 0; i < 21; i++) {
            pacer.await();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMillis >= 195, "21 starts at 100 a second span at least 200 ms: " + elapsedMillis);
    }

    @Test
    void aPauseIsNotMadeUpByABurst() throws InterruptedException {
        RatePacer pacer = new RatePacer(100);
        pacer.await();
        Thread.sleep(200);
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            pacer.await();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMillis >= 45, "after a pause, still 10 ms apart: " + elapsedMillis);
    }
}
