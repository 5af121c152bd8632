import smtplib


def mail(host, sender, to, msg):
    server = smtplib.SMTP(host)  # want: PY102
    server.sendmail(sender, to, msg)
    server.quit()
