# RT initialdata for ticket's test server:
#   rt-setup-database --action insert --skip-create --datafile scripts/rt/seed.pl
# Idempotent: every item that already exists is left out, so a second run adds nothing.
#
# - queues IT, DMS, CRM, CONNECT (General stays, but customers cannot file there);
# - DMS ticket custom fields: Société (Freeform), Établissement (Select, mandatory), Sous-site
#   (Select, BasedOn Établissement: values categorised by site), Type de document (Select,
#   mandatory), Numéro de document (Freeform, 4–10 digits, mandatory), Accès au rapport (Text);
# - DedupeKey: a global ticket Freeform CF, the dedupe key of `ticket create --dedupe-key`;
#   IdempotencyKey: the same for the idempotency key of every create (outbox reconciliation);
# - TicketType: the ticket type of `ticket create --type` (Select incident/question/feature), on
#   queue CRM only, so both a queue with a type and queues without one can be tested;
# - an article class KB with French and English articles (Content CF + Language CF);
# - group Customers with users customer and customer2 (privileged, not admins): create in the
#   four queues; as Requestor: see, reply, modify their own tickets.
use strict;
use warnings;
use utf8;

our (@Groups, @Users, @Queues, @Classes, @CustomFields, @Articles, @ACL, @Final);

my @QUEUES = qw(IT DMS CRM CONNECT);

sub _exists {
    my ($class, @cols) = @_;
    my $o = $class->new(RT->SystemUser);
    if (@cols == 1) { $o->Load($cols[0]) } else { $o->LoadByCols(@cols) }
    return $o->id ? 1 : 0;
}
sub _cf_exists {
    my ($name, $lookup) = @_;
    my $cfs = RT::CustomFields->new(RT->SystemUser);
    $cfs->Limit(FIELD => 'Name', VALUE => $name);
    $cfs->Limit(FIELD => 'LookupType', VALUE => $lookup);
    return $cfs->Count ? 1 : 0;
}
my $group = RT::Group->new(RT->SystemUser);
$group->LoadUserDefinedGroup('Customers');
my $fresh = $group->id ? 0 : 1;

@Groups = $fresh ? ({ Name => 'Customers', Description => 'ticket test customers' }) : ();

@Users = grep { !_exists('RT::User', $_->{Name}) } (
    {
        Name => 'customer', Password => 'customer-password', EmailAddress => 'customer@example.com',
        RealName => 'Client Démo', Privileged => 1, MemberOf => 'Customers',
    },
    {
        Name => 'customer2', Password => 'customer2-password', EmailAddress => 'customer2@example.com',
        RealName => 'Autre Client', Privileged => 1, MemberOf => 'Customers',
    },
);

@Queues = grep { !_exists('RT::Queue', $_->{Name}) } (
    { Name => 'IT',      Description => 'Informatique / IT support' },
    { Name => 'DMS',     Description => 'DMS (gestion concession) : commandes, documents, rapports' },
    { Name => 'CRM',     Description => 'CRM' },
    { Name => 'CONNECT', Description => 'CONNECT (intégrations)' },
);

my $T = 'RT::Queue-RT::Ticket';
my $A = 'RT::Class-RT::Article';
@CustomFields = grep { !_cf_exists($_->{Name}, $_->{LookupType}) } (
    { Name => 'Société', Type => 'FreeformSingle', LookupType => $T, ApplyTo => ['DMS'],
      Description => 'Société (optionnel)', SortOrder => 1 },
    { Name => 'Établissement', Type => 'SelectSingle', LookupType => $T, ApplyTo => ['DMS'],
      Pattern => '(?#Mandatory).', Description => 'Site concerné', SortOrder => 2,
      Values => [ map { { Name => (qw(Paris Lyon Marseille Bordeaux))[$_], SortOrder => $_ + 1 } } 0 .. 3 ] },
    { Name => 'Sous-site', Type => 'SelectSingle', LookupType => $T, ApplyTo => ['DMS'],
      BasedOn => 'Établissement', Description => 'Atelier ou magasin du site', SortOrder => 3,
      Values => [
          { Name => 'Paris Nord', Category => 'Paris', SortOrder => 1 },
          { Name => 'Paris Sud', Category => 'Paris', SortOrder => 2 },
          { Name => 'Lyon Part-Dieu', Category => 'Lyon', SortOrder => 3 },
          { Name => 'Lyon Gerland', Category => 'Lyon', SortOrder => 4 },
          { Name => 'Marseille Vieux-Port', Category => 'Marseille', SortOrder => 5 },
          { Name => 'Bordeaux Lac', Category => 'Bordeaux', SortOrder => 6 },
      ] },
    { Name => 'Type de document', Type => 'SelectSingle', LookupType => $T, ApplyTo => ['DMS'],
      Pattern => '(?#Mandatory).', SortOrder => 4,
      Values => [ { Name => 'Commande atelier', SortOrder => 1 }, { Name => 'Commande vente pièces', SortOrder => 2 } ] },
    { Name => 'Numéro de document', Type => 'FreeformSingle', LookupType => $T, ApplyTo => ['DMS'],
      Pattern => '(?#Mandatory 4-10 digits)^[0-9]{4,10}$', EntryHint => '4 à 10 chiffres', SortOrder => 5 },
    { Name => 'Accès au rapport', Type => 'TextSingle', LookupType => $T, ApplyTo => ['DMS'],
      Description => 'Comment avez-vous accédé au rapport ?', SortOrder => 6 },
    # Global (applies to every queue): the `--dedupe-key` of ticket create / ci-failure.
    { Name => 'DedupeKey', Type => 'FreeformSingle', LookupType => $T, ApplyTo => 0,
      Description => 'ticket dedupe key', SortOrder => 99 },
    # Global: the idempotency key of every create, so `ticket outbox send` can tell whether a create
    # whose answer was lost went through.
    { Name => 'IdempotencyKey', Type => 'FreeformSingle', LookupType => $T, ApplyTo => 0,
      Description => 'ticket idempotency key', SortOrder => 100 },
    # The ticket type (`ticket create --type`): CRM only, the other queues store no type.
    { Name => 'TicketType', Type => 'SelectSingle', LookupType => $T, ApplyTo => ['CRM'],
      Description => 'ticket type', SortOrder => 98,
      Values => [ map { { Name => (qw(incident question feature))[$_], SortOrder => $_ + 1 } } 0 .. 2 ] },
    { Name => 'Language', Type => 'SelectSingle', LookupType => $A, ApplyTo => ['KB'],
      Values => [ { Name => 'fr' }, { Name => 'en' } ] },
);

@Classes = grep { !_exists('RT::Class', $_->{Name}) } (
    { Name => 'KB', Description => 'Base de connaissances / Knowledge base', ApplyTo => [@QUEUES] },
);

sub _article {
    my ($name, $summary, $lang, $content) = @_;
    return {
        Class => 'KB', Name => $name, Summary => $summary,
        CustomFields => [
            { CustomField => 'Content', Content => $content },
            { CustomField => 'Language', Content => $lang },
        ],
    };
}
@Articles = grep { !_exists('RT::Article', Name => $_->{Name}) } (
    _article('Réinitialiser son mot de passe DMS', 'Mot de passe oublié ou expiré dans le DMS', 'fr',
        "Si votre mot de passe DMS a expiré :\n1. Ouvrez la page de connexion.\n2. Cliquez sur « Mot de passe oublié ».\n3. Suivez le lien reçu par courriel."),
    _article('Imprimer une commande atelier', "La commande atelier ne s'imprime pas", 'fr',
        "Vérifiez l'imprimante par défaut de votre poste, puis relancez l'impression depuis la commande atelier."),
    _article('VPN : connexion impossible', 'Le VPN refuse la connexion depuis le domicile', 'fr',
        "Redémarrez le client VPN, vérifiez votre connexion Internet et la date de votre poste."),
    _article('Reset your DMS password', 'Forgotten or expired DMS password', 'en',
        "If your DMS password expired:\n1. Open the login page.\n2. Click \"Forgot password\".\n3. Follow the link sent by e-mail."),
    _article('VPN cannot connect', 'The VPN refuses to connect from home', 'en',
        "Restart the VPN client, check your Internet connection and your computer's clock."),
    _article('CRM export to Excel', 'How to export CRM contacts to a spreadsheet', 'en',
        "Open Contacts, select the rows, then choose Export > Excel."),
);

if ($fresh) {
    for my $q (@QUEUES) {
        push @ACL, map { { GroupDomain => 'UserDefined', GroupId => 'Customers', Queue => $q, Right => $_ } }
            qw(CreateTicket SeeQueue);
        push @ACL, map { { GroupDomain => 'RT::Queue-Role', GroupType => 'Requestor', Queue => $q, Right => $_ } }
            qw(ShowTicket ReplyToTicket ModifyTicket ModifyCustomField SeeCustomField);
    }
    push @ACL, map { { GroupDomain => 'UserDefined', GroupId => 'Customers', Right => $_ } }
        qw(SeeCustomField SetInitialCustomField ModifySelf);
    push @ACL, map { { GroupDomain => 'UserDefined', GroupId => 'Customers', ObjectType => 'RT::Class', ObjectId => 'KB', Right => $_ } }
        qw(SeeClass ShowArticle);
}

# An auth token for the customer (REST 2.0 `Authorization: token ...`), written once to
# $RT_TOKEN_FILE: RT keeps only its hash, so it cannot be read back later.
push @Final, sub {
    my $file = $ENV{RT_TOKEN_FILE} or return;
    return if -s $file;
    my $u = RT::User->new(RT->SystemUser);
    $u->Load('customer');
    return unless $u->id;
    my $t = RT::AuthToken->new(RT->SystemUser);
    my ($id, $msg, $auth) = $t->Create(Owner => $u->id, Description => 'ticket tests');
    die "auth token: $msg\n" unless $id;
    my $old = umask 077;
    open my $fh, '>', $file or die "$file: $!\n";
    print $fh $auth;
    close $fh;
    umask $old;
    print STDERR "SEED: auth token for customer written to $file\n";
};

push @Final, (sub {
    printf STDERR "SEED: %s groups, %d users, %d queues, %d custom fields, %d classes, %d articles, %d rights added\n",
        scalar(@Groups), scalar(@Users), scalar(@Queues), scalar(@CustomFields), scalar(@Classes), scalar(@Articles), scalar(@ACL);
});

1;
