package dev.cloudtest.core.safety;

import dev.cloudtest.core.CloudTestRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the safety tests: one moto for the class, a {@link #direct} run on it for setting situations up
 * (not through the proxy, so not in its journal), and a fresh {@link FaultProxy} in front of it for every test,
 * whose journal shows what the code under test sent.
 */
abstract class ProxiedMotoTest {
    static Moto moto;
    static CloudTestRun direct;

    FaultProxy proxy;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        direct = CloudTestRun.start(Moto.at(moto.endpoint()).build());
    }

    @AfterAll
    static void stopMoto() {
        direct.close();
        moto.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.inFrontOf(moto.endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }
}
