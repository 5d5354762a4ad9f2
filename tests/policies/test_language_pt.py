"""Every word-reading rule in Portuguese: a message that must fire it, and a look-alike
that must not (free replacements, price-adjustment refunds, the seller cancelling
itself, cancellation offered as a choice, thanks for patience in a delay notice, an
honest review "positive or negative", carrier and manufacturer numbers).

Written for these tests, not taken from the corpus: Brazilian mail with você and
o senhor/a senhora, as shops on amazon.com.br write it.
"""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

BUYER = "b6r2z8x4c1v7n3m@marketplace.amazon.com.br"
SUBJECT = f"Seu pedido {ORDER_ID}"


def findings(text: str, *, rcpt: str = BUYER, reply: bool = False) -> set[str]:
    headers = {"In-Reply-To": "<duvida@marketplace.amazon.com.br>"} if reply else None
    raw = build_message(text=text, to=rcpt, subject=SUBJECT, headers=headers)
    return rules_found(run_policy(raw, rcpt))


def case_id(value: str) -> str:
    """The rule, or the first words of the message body, as the test id."""
    lines = value.splitlines()
    return " ".join(lines[2].split()[:5]) if len(lines) > 2 else value


def mail(body: str, greeting: str = "Olá, Juliana!", closing: str = "Atenciosamente,") -> str:
    return f"{greeting}\n\n{body}\n\n{closing}\nCasa Aroeira\n"


FIRES = [
    ("confirmation-only", mail(
        f"Boa notícia: seu pedido {ORDER_ID} foi despachado hoje pelos Correios. Código "
        "de rastreio: QB123456789BR. Previsão de entrega: 3 a 5 dias úteis.")),
    ("confirmation-only", mail(
        "Sua encomenda já está a caminho! Entregamos o pacote para a transportadora "
        "hoje cedo.", greeting="Oi, Rafa!", closing="Abraços,")),
    ("thanks-only", mail(
        "Muito obrigado pela sua compra! Esperamos que goste muito da manta. Se precisar "
        "de qualquer coisa, estamos à disposição.")),
    ("thanks-only", mail(
        "Ficamos muito felizes com o seu pedido, obrigada pela confiança! Tenha um "
        "ótimo fim de semana.", greeting="Oi!", closing="Beijos,")),
    ("promotional", mail(
        "Use o cupom AROEIRA15 e ganhe 15% de desconto na sua próxima compra em nossa "
        "loja virtual.")),
    ("promotional", mail(
        "Siga-nos no Instagram e conheça a nossa nova coleção de almofadas.")),
    ("promotional", mail(
        "Acabou de chegar: velas aromáticas em três fragrâncias. Garanta já a sua!")),
    ("review-incentive", mail(
        "Ficaríamos muito felizes se você desse cinco estrelas para a manta na Amazon.")),
    ("review-incentive", mail(
        "Mande o print da sua avaliação e ganhe um vale-presente de R$ 30.")),
    ("review-incentive", mail(
        "Deixe sua avaliação na Amazon. Como agradecimento, devolvemos R$ 10 por Pix.")),
    ("review-removal", mail(
        "Agora que o problema foi resolvido, você poderia remover a avaliação negativa?")),
    ("review-removal", mail(
        "Já reembolsamos o valor total. Será que o senhor poderia atualizar o seu "
        "comentário na Amazon?", greeting="Olá, Sr. Paulo,")),
    ("review-gating", mail(
        "Se você ficou satisfeita com a manta, deixe uma avaliação na Amazon.")),
    ("review-gating", mail(
        "Antes de deixar sua avaliação, fale com a gente se algo não estiver certo.")),
    ("review-gating", mail("Gostou da manta? Avalie na Amazon!",
                           greeting="Oi!", closing="Beijos,")),
    ("cancellation-request", mail(
        "Infelizmente o vaso esgotou. Pedimos a gentileza de solicitar o cancelamento "
        "do pedido em Seus Pedidos.")),
    ("cancellation-request", mail(
        "Não conseguimos enviar a luminária. Você precisa cancelar o pedido pela "
        "Amazon para receber o reembolso.")),
    ("cancellation-request", mail(
        "A cadeira está fora de estoque. Você pode cancelar a compra na sua conta.")),
    ("cancellation-request", mail(
        "Infelizmente o produto acabou no estoque. Por gentileza, cancele o pedido pela "
        "Amazon.")),
    ("cancellation-request", mail(
        "Lamentamos, mas o artigo esgotou. Pedimos-lhe que cancele a encomenda na sua "
        "conta.", greeting="Olá,", closing="Cumprimentos,")),
    ("missing-adjustment", mail(
        "Infelizmente a manta saiu de linha e não temos previsão de reposição. "
        "Lamentamos o transtorno.")),
    ("missing-adjustment", mail(
        "Não conseguimos enviar o seu pedido. Assim que o cancelamento for feito, o "
        "estorno será liberado.")),
    ("sensitive-content", mail(
        "Para devolver a diferença, me passe sua chave Pix ou os dados bancários com "
        "agência e conta.")),
    ("sensitive-content", mail(
        "Para cobrar a diferença, envie o número do cartão e o código de segurança.")),
    ("sensitive-content", mail("Que porra é essa, cala a boca, seu idiota.",
                               greeting="Oi,", closing="Abs,")),
    ("unsubscribe-link", mail(
        "Sua manta sai amanhã e pode ser lavada na máquina.\n\nNão quer mais receber "
        "nossos e-mails? Descadastre-se aqui.")),
]

QUIET = [
    ("confirmation-only", mail(
        "Seu pedido foi enviado, mas a segunda almofada segue em volumes separados e "
        "chega um dia depois.")),
    ("confirmation-only", mail(
        "O sofá será entregue na próxima semana por uma transportadora. Qual dia fica "
        "melhor para você?")),
    ("thanks-only", mail(
        "Infelizmente o seu pedido atrasou por causa de uma greve no porto. A nova "
        "previsão de entrega é 24 de abril. Obrigado pela paciência.")),
    ("promotional", mail(
        "Algumas luminárias saíram com o soquete solto. Vamos enviar um soquete novo "
        "sem custo; a substituição gratuita é o mínimo que podemos fazer.")),
    ("review-incentive", mail(
        "Seja positiva ou negativa, a sua avaliação sincera ajuda outros clientes a "
        "escolher.")),
    ("review-incentive", mail(
        "O preço da luminária baixou, por isso estornamos a diferença de R$ 20. A "
        "luminária está funcionando bem?")),
    ("review-removal", mail(
        "Obrigado pela avaliação. Atualizamos o manual de montagem com um desenho novo.")),
    ("review-gating", mail(
        "Se puder, deixe sua avaliação sobre a manta na Amazon. Se tiver qualquer dúvida "
        "sobre o pedido, é só responder esta mensagem.")),
    ("cancellation-request", mail(
        "Seu pedido atrasou; a nova previsão de entrega é 2 de maio. Se preferir não "
        "esperar, você pode cancelar o pedido.")),
    ("cancellation-request", mail(
        "O vaso esgotou, então cancelamos o pedido e o valor total já foi estornado. "
        "Você não precisa fazer nada.")),
    ("missing-adjustment", mail(
        "A cadeira está indisponível, por isso cancelamos o seu pedido e reembolsamos "
        "o valor integral.")),
    ("missing-adjustment", mail(
        "As almofadas estão sem estoque no momento, mas voltam ao estoque no dia 6 de "
        "maio. Enviaremos o pedido no dia 7.")),
    ("sensitive-content", mail(
        "Atenção: nunca pedimos senha nem dados do cartão por mensagem.")),
    ("sensitive-content", mail(
        "Se a compra foi no cartão de crédito, o estorno aparece na próxima fatura.")),
    ("unsubscribe-link", mail(
        "A montagem será na terça-feira. O técnico cancela a inscrição do aparelho "
        "antigo no sistema da fabricante.")),
]


@pytest.mark.parametrize(("rule", "text"), FIRES, ids=case_id)
def test_rule_fires_in_portuguese(rule: str, text: str) -> None:
    assert rule in findings(text)


@pytest.mark.parametrize(("rule", "text"), QUIET, ids=case_id)
def test_look_alike_does_not_fire_in_portuguese(rule: str, text: str) -> None:
    assert rule not in findings(text)


def test_a_reply_that_only_thanks_is_not_thanks_only() -> None:
    text = mail("Que alegria receber sua mensagem, muito obrigado!")
    assert "thanks-only" not in findings(text, reply=True)


PORTUGUESE_LETTER = mail(
    "Como o seu pedido sai do Brasil, ele passa pela alfândega, o que pode levar de três "
    "a cinco dias úteis a mais do que o prazo mostrado na página. O pacote é lacrado, "
    "então o café chega fresquinho mesmo com a viagem mais longa.")


def test_portuguese_to_an_american_buyer_is_wrong_language() -> None:
    assert "wrong-language" in findings(PORTUGUESE_LETTER, rcpt=BUYERS["us"])


def test_portuguese_to_a_brazilian_buyer_is_not() -> None:
    assert "wrong-language" not in findings(PORTUGUESE_LETTER)


def test_the_shops_own_number_is_stripped() -> None:
    text = mail("O manual está na caixa. Se tiver dificuldade na montagem, chame no "
                "WhatsApp (11) 97342-1856.")
    assert "contact-details" in findings(text)


@pytest.mark.parametrize("sentence", [
    "O SAC da fabricante atende a garantia no 0800 771 4520.",
    "A transportadora Rodonaves atende no (11) 3456-7890.",
])
def test_carrier_and_manufacturer_numbers_stay(sentence: str) -> None:
    text = mail(f"O sofá será entregue na terça-feira. {sentence}")
    assert "contact-details" not in findings(text)


@pytest.mark.parametrize("sentence", [
    "A nota fiscal foi emitida pela Casa Aroeira Ltda, CNPJ 12.345.678/0001-95.",
    "A entrega está prevista para 02/06/2025, entre 8h e 12h.",
])
def test_dates_and_register_numbers_are_not_contact_details(sentence: str) -> None:
    assert "contact-details" not in findings(mail(sentence))


def test_a_short_text_in_another_language_is_not_a_curse() -> None:
    """Short texts are searched in every language's lists:
    English 'putative' starts like the Portuguese curse 'puta'."""
    rcpt = "x1@marketplace.amazon.co.uk"
    raw = build_message(text="A putative fix is on its way.\n", to=rcpt, subject=SUBJECT)
    assert "sensitive-content" not in rules_found(run_policy(raw, rcpt))


# Unseen messages written in rounds while the lists grew (each round measured before
# fixing it): whole messages, with the rules that must and must not be found.
WORD_RULES = ["confirmation-only", "thanks-only", "promotional", "review-incentive",
              "review-removal", "review-gating", "cancellation-request",
              "missing-adjustment", "sensitive-content"]
ROUNDS = [
    (['confirmation-only'], [],
     'Oi, Carla!\n\nSeu pedido já saiu para entrega e deve chegar '
     'hoje até as 18h.\n\nAbraços,\nLoja'),
    (['thanks-only'], [],
     'Olá!\n\nQue alegria ter você como cliente! Agradecemos de '
     'coração pela compra e desejamos que aproveite muito.\n\n'
     'Abraços,\nAteliê'),
    (['review-incentive'], [],
     'Olá,\n\nSe você deixar uma avaliação cinco estrelas, enviamos '
     'um brinde na próxima compra.\n\nAtt,\nLoja'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Olá,\n\nInfelizmente o produto acabou no estoque. Por '
     'gentileza, cancele o pedido pela Amazon.\n\nAtt,\nLoja'),
    (['review-removal'], [],
     'Olá,\n\nVocê poderia rever a nota que deu ao produto agora que '
     'fizemos a troca?\n\nAtt,\nLoja'),
    ([], WORD_RULES,
     'Olá, Marina!\n\nSeu pedido foi enviado hoje. Atenção: a '
     'luminária usa lâmpada E27, que não acompanha o produto.\n\n'
     'Abraços,\nLoja'),
    ([], WORD_RULES,
     'Olá,\n\nPedimos desculpas pelo engano. Vamos enviar a cor '
     'certa sem custo e você pode ficar com a outra.\n\nAtt,\nLoja'),
    ([], WORD_RULES,
     'Olá,\n\nEsperamos que a manta tenha chegado bem. Você poderia '
     'deixar uma avaliação na Amazon? Lemos todas as opiniões.\n\n'
     'Att,\nLoja'),
    (['confirmation-only'], [],
     'Olá,\n\nA sua encomenda foi expedida hoje pelos CTT e deverá '
     'chegar dentro de dois dias úteis.\n\nCumprimentos,\nLoja'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Olá,\n\nLamentamos, mas o artigo esgotou. Pedimos-lhe que '
     'cancele a encomenda na sua conta.\n\nCumprimentos'),
    (['review-gating', 'review-incentive'], [],
     'Olá,\n\nGostou do produto? Deixe sua avaliação 5 estrelas! Não '
     'gostou? Fale com a gente primeiro.\n\nAtt'),
    (['promotional'], [],
     'Olá,\n\nSiga a gente no Instagram e aproveite 10% de desconto '
     'com o cupom SIGA10.\n\nAtt'),
    ([], ['confirmation-only'],
     'Olá,\n\nSeu pedido foi enviado. Caso não esteja em casa, você '
     'pode escolher um ponto de retirada.\n\nAtt'),
    (['promotional'], [],
     'Olá,\n\nA manta combina com nossas almofadas de linho, edição '
     'limitada.\n\nAtt'),
    ([], WORD_RULES,
     'Olá,\n\nEnviamos uma peça de reposição gratuita. Se tiver um '
     'tempinho, uma avaliação sincera ajuda muito.\n\nAtt'),
    (['missing-adjustment'], [],
     'Olá,\n\nA cadeira esgotou. Faremos o reembolso assim que você '
     'cancelar o pedido.\n\nAtt'),
    (['unsubscribe-link'], [],
     'Olá,\n\nClique aqui para não receber mais nossos e-mails.\n\nAtt'),
    ([], WORD_RULES,
     'Olá,\n\nSe não ficou satisfeita com a cor, pode devolver a '
     'manta em até 30 dias pelo site da Amazon.\n\nAtt'),
    (['promotional'], [],
     'Olá,\n\nNa próxima vez compre direto no nosso site e ganhe 10% '
     'de desconto.\n\nAtt'),
    (['review-removal'], [],
     'Olá,\n\nVocê poderia reconsiderar sua avaliação agora que '
     'trocamos a luminária?\n\nAtt'),
    (['confirmation-only'], [],
     'Oi, Bia!\n\nSuas velas foram embaladas com carinho hoje e já '
     'estão com os Correios. Logo, logo chegam aí!\n\nBeijos,\nNina '
     'do Ateliê Luz'),
    (['thanks-only'], [],
     'Olá,\n\nEm nome de toda a família: muito obrigado! Sem '
     'clientes como você, nosso pequeno negócio não existiria. '
     'Desejamos boas festas.\n\nUm abraço,\nFamília Souza'),
    (['confirmation-only'], [],
     'Olá,\n\nSeu pacote foi entregue e recebido pelo porteiro.\n\n'
     'Atenciosamente,\nLoja'),
    (['review-incentive'], [],
     'Oi,\n\nDeixe sua avaliação e ganhe 10% de desconto na próxima '
     'compra!\n\nAbs'),
    (['review-incentive'], [],
     'Olá,\n\nDevolvemos o valor total do pedido se você nos der '
     'cinco estrelas.\n\nAtt'),
    (['review-gating'], [],
     'Olá,\n\nSomente se você estiver totalmente satisfeito, '
     'gostaríamos de ver sua avaliação na Amazon.\n\nAtt'),
    (['missing-adjustment'], ['cancellation-request'],
     'Olá,\n\nO fabricante não fornece mais este modelo. Vamos '
     'cancelar o pedido e você receberá o dinheiro em até 3 dias.\n\n'
     'Att'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'Olá,\n\nO vaso está indisponível, por isso o pedido foi '
     'cancelado e o pagamento foi totalmente estornado.\n\nAtt'),
    (['sensitive-content'], [],
     'Olá,\n\nSe não apagar essa avaliação negativa, vai se '
     'arrepender.\n\nAtt'),
    (['sensitive-content'], [],
     'Olá,\n\nPara o reembolso precisamos da sua senha do banco e do '
     'token.\n\nAtt'),
    (['promotional'], [],
     'Olá,\n\nVisite também nossa loja física em Curitiba e nossa '
     'página no Facebook.\n\nAtt'),
    ([], ['sensitive-content'],
     'Olá,\n\nA nova luminária já está a caminho, você não vai se '
     'arrepender!\n\nAtt'),
    ([], WORD_RULES,
     'Olá,\n\nA luminária de estrelas tem três modos; segure o botão '
     'por dois segundos para trocar. As pilhas já vêm instaladas.\n\n'
     'Att'),
    ([], WORD_RULES,
     'Olá,\n\nNa caixa há uma etiqueta de devolução grátis caso o '
     'tamanho não sirva. Não precisa cancelar o pedido, enviaremos '
     'hoje os parafusos que faltaram.\n\nAtt'),
    (['cancellation-request'], [],
     'Olá,\n\nA cor não está mais disponível. O mais fácil é você '
     'mesmo cancelar o pedido em Seus Pedidos.\n\nAtt'),
    ([], ['cancellation-request'],
     'Olá,\n\nA entrega vai atrasar uma semana, até 12 de junho. Se '
     'preferir não esperar, é possível cancelar em Seus Pedidos.\n\n'
     'Att'),
    ([], ['cancellation-request'],
     'Olá,\n\nA cor não está mais disponível. O mais fácil é a gente '
     'cancelar o pedido para você.\n\nAtt'),
    ([], ['review-gating', 'review-incentive'],
     'Olá,\n\nEsperamos que esteja satisfeita com a luminária. '
     'Poderia compartilhar sua experiência numa avaliação na '
     'Amazon?\n\nAtt'),
    ([], ['review-gating', 'review-incentive'],
     'Olá,\n\nSe tiver algum problema com o pedido, fale conosco. Se '
     'quiser, também pode deixar uma avaliação na Amazon.\n\nAtt'),
    ([], ['promotional'],
     'Olá,\n\nSeu pacote está no ponto de retirada. Use o código '
     '4KX92M para retirar; ele fica guardado por sete dias.\n\nAtt'),
    (['review-gating'], [],
     'Olá,\n\nEsperamos que você goste da luminária. Se sim, deixe '
     'uma avaliação na Amazon.\n\nAtt'),
    ([], ['cancellation-request'],
     'Olá,\n\nSeu pedido vai atrasar, a nova previsão de entrega é '
     '20 de junho. Se for tarde demais, pode cancelar o pedido.\n\n'
     'Att'),
]


@pytest.mark.parametrize(("must", "must_not", "text"), ROUNDS,
                         ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_unseen_rounds(must: list[str], must_not: list[str], text: str) -> None:
    raw = build_message(text=text, to=BUYER, subject=f"Order {ORDER_ID}")
    found = rules_found(run_policy(raw, BUYER))
    assert set(must) <= found and not set(must_not) & found, found


IBAN = "NL91 ABNA 0417 1643 00"
PAY_TO_IBAN = f"Faça a transferência da diferença para {IBAN} e enviaremos a mesa."


def test_paying_to_an_iban_outside_amazon_is_sensitive_content() -> None:
    """Settled detail 25: a valid IBAN in a sentence that moves money."""
    assert "sensitive-content" in findings(mail(PAY_TO_IBAN))
