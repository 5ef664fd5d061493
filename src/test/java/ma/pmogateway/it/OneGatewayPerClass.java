package ma.pmogateway.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of end-to-end test classes whose tests share one gateway, started before them and stopped after. */
abstract class OneGatewayPerClass {

    static TestGateway gateway;

    @BeforeAll
    static void startGateway() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }
}
