package dev.eventidempotency.adapter.smtp.testing;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Map;

/**
 * A real SMTP server that answers RCPT TO as a strict one would: a recipient whose local part
 * starts with {@code bounce} gets a permanent 550, one that starts with {@code busy} a temporary 451.
 */
public final class RejectingMailServer extends GreenMail {

    public RejectingMailServer(ServerSetup setup) {
        super(setup);
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        return super.createServices(config, new RejectingManagers(managers));
    }

    private static final class RejectingManagers extends Managers {

        private final SmtpManager smtp;

        RejectingManagers(Managers delegate) {
            this.smtp = new RejectingSmtpManager(delegate.getImapHostManager(), delegate.getUserManager());
        }

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }
    }

    private static final class RejectingSmtpManager extends SmtpManager {

        RejectingSmtpManager(ImapHostManager imap, UserManager users) {
            super(imap, users);
        }

        @Override
        public String checkRecipient(SmtpState state, MailAddress address) {
            if (address.getUser().startsWith("bounce")) {
                return "550 5.1.1 <" + address.getEmail() + ">: no such mailbox";
            }
            if (address.getUser().startsWith("busy")) {
                return "451 4.2.0 <" + address.getEmail() + ">: mailbox busy, try again later";
            }
            return super.checkRecipient(state, address);
        }
    }
}
