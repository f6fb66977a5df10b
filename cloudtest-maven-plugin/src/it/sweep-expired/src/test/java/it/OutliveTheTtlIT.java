package it;

import org.junit.jupiter.api.Test;

class OutliveTheTtlIT {
    @Test
    void waits_out_the_one_second_ttl() throws InterruptedException {
        // Not synchronisation: the stack must be past its cloudtest:expires-at (whole seconds) for the sweep.
        Thread.sleep(2_500);
    }
}
