package dev.eventidempotency.adapter.smtp.testing;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP server that reads a whole message, then waits before it answers the final ".", as a
 * server that scans each message does. It delivers the message however long the client waited: a
 * client that gave up before the answer and sends again delivers it twice.
 */
public final class SlowMailServer extends GreenMail {

    private final Semaphore messagesRead = new Semaphore(0);
    private volatile Duration replyDelay;

    public SlowMailServer(ServerSetup setup, Duration replyDelay) {
        super(setup);
        this.replyDelay = replyDelay;
    }

    public void answerAfter(Duration delay) {
        replyDelay = delay;
    }

    /** Waits until the server has read one more message and is sitting on its answer; false if none came. */
    public boolean awaitMessageRead(Duration timeout) throws InterruptedException {
        return messagesRead.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        return super.createServices(config, new SlowManagers(managers));
    }

    private final class SlowManagers extends Managers {

        private final SmtpManager smtp;

        SlowManagers(Managers delegate) {
            this.smtp = new SlowSmtpManager(delegate.getImapHostManager(), delegate.getUserManager());
        }

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }
    }

    private final class SlowSmtpManager extends SmtpManager {

        SlowSmtpManager(ImapHostManager imap, UserManager users) {
            super(imap, users);
        }

        // GreenMail calls this once the message is read and before it answers the final ".".
        @Override
        public String checkData(SmtpState state) {
            messagesRead.release();
            try {
                Thread.sleep(replyDelay.toMillis());
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            return super.checkData(state);
        }
    }
}
